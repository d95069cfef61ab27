using System.Text;

namespace HazardMm.Oracle;

/// <summary>
/// One CPU's count of each <see cref="RaceBranch"/> it took (design.md#census): written only by that
/// CPU with plain increments, no allocation, as <see cref="Cpus.CpuStats"/>; read with
/// <see cref="Volatile"/> once the run is over. Instrumentation, not kernel state: it does not go
/// through the memory seam and adds no scheduling point.
/// </summary>
public sealed class BranchCensus
{
    /// <summary>Words before and after the counts, so that two CPUs' counts never share a cache line.</summary>
    private const int Pad = Memory.Arena.LineBytes / sizeof(long);

    private readonly long[] _counts = new long[Pad + BranchCounts.Size + Pad];

    /// <summary>This CPU took <paramref name="branch"/> once more.</summary>
    public void Hit(RaceBranch branch) => _counts[Pad + (int)branch]++;

    /// <summary>This CPU's counts so far.</summary>
    public BranchCounts Read()
    {
        var counts = new long[BranchCounts.Size];
        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] = Volatile.Read(ref _counts[Pad + i]);
        }

        return new BranchCounts(counts);
    }
}

/// <summary>A count per <see cref="RaceBranch"/>: one CPU's, one run's (all CPUs), or many runs' summed.</summary>
public sealed class BranchCounts
{
    /// <summary>The number of branches.</summary>
    public static readonly int Size = Enum.GetValues<RaceBranch>().Length;

    private readonly long[] _counts;

    public BranchCounts()
        : this(new long[Size])
    {
    }

    internal BranchCounts(long[] counts)
    {
        _counts = counts;
    }

    public long this[RaceBranch branch] => _counts[(int)branch];

    /// <summary>The sum of every CPU's census of one run.</summary>
    public static BranchCounts Of(IEnumerable<Cpus.Cpu> cpus)
    {
        var sum = new BranchCounts();
        foreach (Cpus.Cpu cpu in cpus)
        {
            sum.Add(cpu.Census.Read());
        }

        return sum;
    }

    /// <summary>Adds <paramref name="other"/>'s counts to these (a census summed over runs).</summary>
    public void Add(BranchCounts other)
    {
        for (int i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }
    }

    /// <summary>"name count, ..." for the branches of <paramref name="branches"/>, in enum order.</summary>
    public string Format(IEnumerable<RaceBranch> branches)
    {
        var text = new StringBuilder();
        foreach (RaceBranch branch in branches)
        {
            text.Append(text.Length == 0 ? string.Empty : ", ").Append(Name(branch)).Append(' ').Append(this[branch]);
        }

        return text.ToString();
    }

    /// <summary>A branch's name in census lines: HazardStealLost is "hazard-steal-lost".</summary>
    public static string Name(RaceBranch branch)
    {
        string name = branch.ToString();
        var text = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
