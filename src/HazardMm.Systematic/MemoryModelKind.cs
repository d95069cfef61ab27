namespace HazardMm.Systematic;

/// <summary>Which Coyote memory model runs the scheme code.</summary>
public enum MemoryModelKind
{
    /// <summary>Sequential consistency: Coyote's interleavings of whole operations.</summary>
    Sc,

    /// <summary>x86-TSO: per-CPU store buffers with forwarding, drained by fences, locked RMWs and controlled choices.</summary>
    Tso,
}
