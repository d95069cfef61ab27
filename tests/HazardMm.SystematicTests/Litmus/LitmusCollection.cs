namespace HazardMm.SystematicTests.Litmus;

/// <summary>
/// The litmus test classes run one after another: a Coyote engine keeps a core busy, and overlapping
/// engines on a small machine only slow each other and blur the per-test times.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LitmusCollection
{
    public const string Name = "Litmus";
}
