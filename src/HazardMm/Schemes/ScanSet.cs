namespace HazardMm.Schemes;

/// <summary>Which CPUs a scheme's scan or shootdown visits.</summary>
public enum ScanSet
{
    /// <summary>The architecture's mm_cpumask, as it is (empty where the architecture keeps none).</summary>
    Cpumask,

    /// <summary>Every online CPU.</summary>
    Online,

    /// <summary>No CPU (Andy: "#define for_each_possible_lazymm_cpu while (false)").</summary>
    None,
}
