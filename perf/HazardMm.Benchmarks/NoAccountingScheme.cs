using HazardMm.Schemes;

namespace HazardMm.Benchmarks;

/// <summary>
/// The floor: a scheme with every hook empty (benchmarks only; it is unsafe, as nothing keeps a lazy
/// CPU's mm alive). What the switch path costs with no lazy-mm accounting at all (design.md#switch).
/// </summary>
public sealed class NoAccountingScheme : ILazyTlbScheme
{
    public string Name => "floor";
}
