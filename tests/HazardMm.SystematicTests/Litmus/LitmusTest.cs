namespace HazardMm.SystematicTests.Litmus;

/// <summary>
/// A litmus test: one body per simulated CPU (CPU i runs <c>Cpus[i]</c>), what to record of each
/// execution (<see cref="Observe"/>: registers and final memory as text, e.g. "r0=0 r1=1"), and the
/// outcome the memory model forbids, if any (<see cref="Forbidden"/>; it fails the run as a Coyote bug).
/// </summary>
internal sealed record LitmusTest(
    string Name,
    Action<LitmusState>[] Cpus,
    Func<LitmusState, string> Observe,
    Func<LitmusState, bool>? Forbidden = null);
