using HazardMm.Cpus;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace HazardMm.Benchmarks;

/// <summary>Every benchmark class of this assembly, for the switcher and for the smoke tests.</summary>
public static class BenchmarkClasses
{
    public static IReadOnlyList<Type> All { get; } =
    [
        .. typeof(BenchmarkClasses).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            .OrderBy(t => t.Name, StringComparer.Ordinal),
    ];

    /// <summary>Why this host cannot run <paramref name="type"/>, or null when it can.</summary>
    public static string? Unavailable(Type type) =>
        type.GetCustomAttribute<NeedsMembarrierAttribute>() is not null && !RealIpi.Register()
            ? $"membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) is not offered here (a Linux x64/arm64 syscall; this is {System.Runtime.InteropServices.RuntimeInformation.OSDescription} on {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture})"
            : null;
}

/// <summary>The class measures a real IPI: it runs only where membarrier's expedited command works.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NeedsMembarrierAttribute : Attribute;

/// <summary>A benchmark whose state the kernel's oracle can check after it ran (design.md#invariants).</summary>
public interface IOracleChecked
{
    /// <summary>Throws the violation the run hit, or the scheme's per-CPU law that no longer holds.</summary>
    void CheckOracle();
}
