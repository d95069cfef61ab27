using System.Runtime.CompilerServices;
using HazardMm.Memory;

namespace HazardMm.Cpus;

/// <summary>
/// Per-CPU shared words in the arena. Each CPU owns one 128-byte line (words another CPU reads, such
/// as the hazard scheme's <c>rq-&gt;lazy_mm</c>, never share a line with another CPU's), and each CPU
/// has a mailbox row: one request word per sender, line-aligned.
/// </summary>
/// <remarks>
/// Line layout: words 0..<see cref="SchemeWords"/>-1 belong to the scheme (each scheme names its
/// own), then the IPI-pending flag and the kworker's wake flag. Mechanism never touches scheme
/// words and vice versa.
/// </remarks>
public sealed class PerCpuArea
{
    public const int SchemeWords = 8;
    private const int IpiPendingWord = SchemeWords;
    private const int KworkerWokenWord = SchemeWords + 1;

    private readonly Arena _arena;
    private readonly int _firstLine;
    private readonly int _cpus;
    private readonly int _mailboxFirstLine;
    private readonly int _mailboxLinesPerCpu;

    public PerCpuArea(Arena arena, int firstLine, int cpus)
    {
        _arena = arena;
        _firstLine = firstLine;
        _cpus = cpus;
        _mailboxFirstLine = firstLine + cpus;
        _mailboxLinesPerCpu = MailboxLinesPerCpu(cpus);
    }

    public static int LinesFor(int cpus) => cpus + cpus * MailboxLinesPerCpu(cpus);

    /// <summary>Scheme-owned word <paramref name="word"/> of <paramref name="cpu"/>'s line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref long SchemeWord(int cpu, int word) => ref _arena.Word(_firstLine + cpu, word);

    /// <summary>Scheme-owned word <paramref name="word"/> of every CPU, resolved once for an accessor to cache.</summary>
    public PerCpuWord SchemeWordOfEach(int word) => new(ref SchemeWord(0, word), _cpus);

    /// <summary>Nonzero when some sender may have left a request in <paramref name="cpu"/>'s mailbox.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref long IpiPending(int cpu) => ref _arena.Word(_firstLine + cpu, IpiPendingWord);

    /// <summary>1 while <paramref name="cpu"/>'s kworker is queued or running: a queuer's cmpxchg 0→1 wakes it once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref long KworkerWoken(int cpu) => ref _arena.Word(_firstLine + cpu, KworkerWokenWord);

    /// <summary>The request word <paramref name="sender"/> posts to <paramref name="target"/>; 0 when empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref long Mailbox(int target, int sender) =>
        ref _arena.Word(_mailboxFirstLine + target * _mailboxLinesPerCpu, sender);

    /// <summary>A person's name for word <paramref name="word"/> of line <paramref name="line"/> (relative to this area).</summary>
    public string NameOf(int line, int word, IReadOnlyList<string> schemeWordNames)
    {
        int cpus = _cpus;
        if (line < cpus)
        {
            return word == IpiPendingWord ? $"cpu{line}.ipi_pending"
                : word == KworkerWokenWord ? $"cpu{line}.kworker_woken"
                : word < schemeWordNames.Count ? $"cpu{line}.{schemeWordNames[word]}"
                : $"cpu{line}.word{word}";
        }

        int mailboxWord = ((line - cpus) * Arena.WordsPerLine) + word;
        int wordsPerCpu = _mailboxLinesPerCpu * Arena.WordsPerLine;
        return $"cpu{mailboxWord / wordsPerCpu}.mailbox[from cpu{mailboxWord % wordsPerCpu}]";
    }

    private static int MailboxLinesPerCpu(int cpus) => (cpus + Arena.WordsPerLine - 1) / Arena.WordsPerLine;
}
