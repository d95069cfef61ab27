using HazardMm.Memory;
using Microsoft.Coyote.Random;
using static HazardMm.Systematic.Memory.VectorClock;

namespace HazardMm.Systematic.Memory;

/// <summary>
/// The state of <see cref="CoyoteWeakMemory"/> for one iteration (design.md#weak-model): per CPU a vector clock
/// (<c>Vc</c>, what happens before the CPU's next event), the view of its last full fence (<c>RelVc</c>, what its
/// relaxed stores carry), what it read relaxed since (<c>AcqPending</c>, joined by its next fence), its strong-fence
/// knowledge (<c>Fv</c>) and the strong part of its relaxed reads (<c>PendingS</c>); one global SC view for fences and
/// fully ordered RMWs; the locations by arena offset; the ghost uses and channels (<c>WeakState.Ghost.cs</c>).
/// Pooled across iterations (<see cref="WeakStatePool"/>): after warm-up an operation allocates nothing.
/// </summary>
internal sealed partial class WeakState
{
    /// <summary>Coherence entries (addendum R3) a CPU keeps before it folds the rest into one.</summary>
    private const int MaxEntries = 4;

    private readonly int _n;
    private readonly int _w;
    private readonly int[] _vc;
    private readonly int[] _relVc;
    private readonly int[] _acqPending;
    private readonly int[] _fv;
    private readonly int[] _pendingS;
    private readonly int[] _sc;
    private readonly List<int>[] _readSinceRelax;
    private readonly int[] _entryCount;
    private readonly int[] _entryLocation;
    private readonly int[] _entryIndex;
    private readonly int[] _entryView;
    private readonly int[] _entryStrong;
    private readonly bool[] _folded;
    private readonly int[] _foldedView;
    private readonly int[] _foldedStrong;
    private WeakLocation?[] _locations = [];
    private nint _base;
    private int _words;
    private Generator _choices = null!;
    private int _staleOneIn;

    public WeakState(int cpus)
    {
        _n = cpus;
        _w = cpus + 1;
        _vc = new int[cpus * _w];
        _relVc = new int[cpus * _w];
        _acqPending = new int[cpus * _w];
        _fv = new int[cpus * _w];
        _pendingS = new int[cpus * _w];
        _sc = new int[_w];
        _readSinceRelax = new List<int>[cpus];
        for (int c = 0; c < cpus; c++)
        {
            _readSinceRelax[c] = [];
        }

        _entryCount = new int[cpus];
        _entryLocation = new int[cpus * MaxEntries];
        _entryIndex = new int[cpus * MaxEntries];
        _entryView = new int[cpus * MaxEntries * _w];
        _entryStrong = new int[cpus * MaxEntries * _w];
        _folded = new bool[cpus];
        _foldedView = new int[cpus * _w];
        _foldedStrong = new int[cpus * _w];
        _channelView = new int[GhostChannel.Count(cpus) * _w];
        _channelStrong = new int[GhostChannel.Count(cpus) * _w];
    }

    public int Cpus => _n;

    /// <summary>Bumped at every <see cref="Begin"/>: a location stamped otherwise is untouched this iteration.</summary>
    public int Stamp { get; private set; }

    public WeakModelFlaws Flaws { get; private set; }

    /// <summary>Arms the state for a new iteration of <paramref name="machine"/> over <paramref name="arena"/>.</summary>
    public void Begin(ModelMachine machine, Arena arena)
    {
        Stamp++;
        Flaws = machine.Flaws;
        _choices = machine.Choices;

        // P(a load reads a stale store) = 1/2 or 1/8 per iteration: the TSO model's drain policy, drawn once
        // by ModelMachine, so the weak model adds no choice of its own here.
        _staleOneIn = machine.DrainOneIn;
        _base = arena.Address;
        _words = arena.Lines * Arena.WordsPerLine;
        if (_locations.Length < _words)
        {
            Array.Resize(ref _locations, _words);
        }

        Array.Clear(_vc);
        Array.Clear(_relVc);
        Array.Clear(_acqPending);
        Array.Clear(_fv);
        Array.Clear(_pendingS);
        Array.Clear(_sc);
        Array.Clear(_entryCount);
        Array.Clear(_folded);
        foreach (List<int> read in _readSinceRelax)
        {
            read.Clear();
        }

        BeginGhost();
    }

    private bool R1 => (Flaws & WeakModelFlaws.NoCumulativeRelease) == 0;

    private bool R2 => (Flaws & WeakModelFlaws.NoFenceKnowledgeThroughHb) == 0;

    private bool R3 => (Flaws & WeakModelFlaws.NoCoherenceBeforeAcquire) == 0;

    /// <summary>The location's index (arena word) and state; first touch in this iteration makes its setup message.</summary>
    public WeakLocation Location(ref long word, out int index)
    {
        index = (int)((Arena.AddressOf(ref word) - _base) >> 3);
        if ((uint)index >= (uint)_words)
        {
            throw new InvalidOperationException("the weak memory model saw a word outside the arena its machine is attached to (ModelMachine.Attach)");
        }

        WeakLocation location = _locations[index] ??= new WeakLocation(_n);
        long memory = Volatile.Read(ref word);
        if (location.Stamp != Stamp)
        {
            location.Reset(Stamp, memory);
        }
        else if (memory != location.Values[WeakLocation.Slot(location.Newest)])
        {
            // Written by the test body (unbound) since the CPUs last stored here: a setup store.
            location.AppendSetup(memory);
        }

        return location;
    }

    /// <summary>A load: picks the store it reads (the one controlled choice), returns the value and how many stores back it is.</summary>
    public long Load(int c, int index, WeakLocation l, bool acquire, out int stale)
    {
        int e = Tick(c);
        int i = Pick(Floor(c, l), l.Count);
        stale = l.Newest - i;
        Read(c, index, l, i, e, acquire && (Flaws & WeakModelFlaws.AcquireDoesNotJoin) == 0);
        return l.Values[WeakLocation.Slot(i)];
    }

    /// <summary>A store, release or relaxed: appended at the end of modification order.</summary>
    public void Store(int c, int index, WeakLocation l, ref long word, long value, bool release)
    {
        int e = Tick(c);
        int i = l.Append(value, c, e);
        Span<int> view = l.View(i);
        Span<int> strong = l.StrongView(i);
        Span<int> own = l.OwnView(c);
        if (release)
        {
            // The CPU's clock, and (R1, LKMM's A-cumulative po-rel) what it read relaxed before.
            Vc(c).CopyTo(view);
            if (R1)
            {
                Join(view, AcqPending(c));
            }

            view.CopyTo(own);
        }
        else if ((Flaws & WeakModelFlaws.NoReleaseSequence) != 0)
        {
            RelVc(c).CopyTo(view);
        }
        else
        {
            // Same-location release sequence (LKMM overwrite & int, ARMv8 po;[L];coi, C++11): a relaxed store
            // carries the CPU's earlier release to this location, and its last fence.
            Join(own, RelVc(c));
            own.CopyTo(view);
        }

        strong.Clear();
        if (R2)
        {
            // R2: the strong-fence knowledge ordered before this store: from the CPU's fences and acquires, its
            // earlier store to and reads of this location, and for a release everything it read before.
            Fv(c).CopyTo(strong);
            Join(strong, l.OwnStrongView(c));
            Join(strong, l.ReadStrongView(c));
            if (release)
            {
                Join(strong, PendingS(c));
            }

            strong.CopyTo(l.OwnStrongView(c));
        }

        Volatile.Write(ref word, value);
        if (release && R3)
        {
            AddEntry(c, index, i, view, strong);
        }
    }

    /// <summary>smp_mb: an SC fence through the global view (Promising's SC fence; Miri's AcqRel RMW on a global clock).</summary>
    public void FullFence(int c)
    {
        Tick(c);
        Span<int> vc = Vc(c);
        Join(vc, AcqPending(c));
        if ((Flaws & WeakModelFlaws.FenceDoesNotSync) == 0)
        {
            Join(vc, _sc);
            vc.CopyTo(_sc);
        }

        vc.CopyTo(RelVc(c));
        if (R2)
        {
            vc.CopyTo(Fv(c));
        }

        AcqPending(c).Clear();
        PendingS(c).Clear();
        _entryCount[c] = 0;
        _folded[c] = false;
    }

    /// <summary>
    /// A fully ordered RMW (xchg, atomic_add_return, a successful cmpxchg): fence; read the newest store and write
    /// the next one in one step (atomicity), as a release that carries what it read (RMW chains extend release
    /// sequences); fence. Returns the old value.
    /// </summary>
    public long ReadModifyWrite(int c, int index, WeakLocation l, ref long word, long value, bool add)
    {
        FullFence(c);
        int e = Tick(c);
        int read = l.Newest;
        if (l.FirstSeenBy(read, c) == WeakLocation.Unseen)
        {
            l.FirstSeenBy(read, c) = e;
        }

        Join(Vc(c), l.View(read));
        Join(Vc(c), l.StrongView(read));
        if (R2)
        {
            Join(Fv(c), l.StrongView(read));
        }

        long old = l.Values[WeakLocation.Slot(read)];
        Store(c, index, l, ref word, add ? old + value : value, release: true);
        FullFence(c);
        return old;
    }

    /// <summary>
    /// cmpxchg: among the readable stores, a stale one holding the comparand is out (a strong cmpxchg that sees it
    /// succeeds, and success reads the newest). The newest holding it: the RMW. Anything else: the failure is a
    /// relaxed read (LKMM: a failed conditional RMW is unordered). Returns the value found and how stale it was.
    /// </summary>
    public long CompareExchange(int c, int index, WeakLocation l, ref long word, long value, long comparand, out int stale)
    {
        int floor = Floor(c, l);
        int stales = 0;
        for (int i = floor; i < l.Newest; i++)
        {
            if (l.Values[WeakLocation.Slot(i)] != comparand)
            {
                stales++;
            }
        }

        int chosen = l.Newest;
        if (stales > 0)
        {
            int k = _choices.NextInteger(_staleOneIn * stales);
            for (int i = floor; i < l.Newest && k < stales; i++)
            {
                if (l.Values[WeakLocation.Slot(i)] != comparand && k-- == 0)
                {
                    chosen = i;
                }
            }
        }

        stale = l.Newest - chosen;
        if (stale == 0 && l.Values[WeakLocation.Slot(chosen)] == comparand)
        {
            ReadModifyWrite(c, index, l, ref word, value, add: false);
            return comparand;
        }

        Read(c, index, l, chosen, Tick(c), acquire: false);
        return l.Values[WeakLocation.Slot(chosen)];
    }

    /// <summary>
    /// cpu_relax's progress floor: a CPU that yielded never again reads a store older than the newest one of each
    /// location it read since its last relax (loom's "seen before yield"), so every spin ends.
    /// </summary>
    public void Relax(int c)
    {
        foreach (int index in _readSinceRelax[c])
        {
            WeakLocation l = _locations[index]!;
            l.Floor[c] = l.Newest;
        }

        _readSinceRelax[c].Clear();
    }

    private Span<int> Vc(int c) => _vc.AsSpan(c * _w, _w);

    private Span<int> RelVc(int c) => _relVc.AsSpan(c * _w, _w);

    private Span<int> AcqPending(int c) => _acqPending.AsSpan(c * _w, _w);

    private Span<int> Fv(int c) => _fv.AsSpan(c * _w, _w);

    private Span<int> PendingS(int c) => _pendingS.AsSpan(c * _w, _w);

    /// <summary>A new event of CPU <paramref name="c"/>: its own clock slot moves on. Returns the new epoch.</summary>
    private int Tick(int c) => ++_vc[(c * _w) + c];

    /// <summary>
    /// The oldest index CPU <paramref name="c"/> may read: from the newest store down, the first that happens before
    /// it (its store, or a read of it, is in c's clock): coherence through happens-before. Never below the ring or
    /// c's progress floor.
    /// </summary>
    private int Floor(int c, WeakLocation l)
    {
        int lowest = Math.Max(l.Oldest, l.Floor[c]);
        for (int i = l.Newest; i > lowest; i--)
        {
            if (Known(c, l, i, includeOwn: true))
            {
                return i;
            }
        }

        return lowest;
    }

    /// <summary>Whether store <paramref name="i"/> (written, or read by someone) happens before CPU <paramref name="c"/>'s next event.</summary>
    private bool Known(int c, WeakLocation l, int i, bool includeOwn)
    {
        int slot = WeakLocation.Slot(i);
        int writer = l.Writer[slot];
        int row = c * _w;
        if ((includeOwn || writer != c) && l.Epoch[slot] <= _vc[row + writer])
        {
            return true;
        }

        for (int u = 0; u < _n; u++)
        {
            if ((includeOwn || u != c) && l.FirstSeen[(slot * _n) + u] <= _vc[row + u])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Uniform among the stale candidates with probability 1/<c>StaleOneIn</c>, else the newest.</summary>
    private int Pick(int floor, int count)
    {
        int stales = count - 1 - floor;
        if (stales == 0)
        {
            return count - 1;
        }

        int k = _choices.NextInteger(_staleOneIn * stales);
        return k < stales ? floor + k : count - 1;
    }

    /// <summary>CPU <paramref name="c"/> reads store <paramref name="i"/> at epoch <paramref name="e"/>.</summary>
    private void Read(int c, int index, WeakLocation l, int i, int e, bool acquire)
    {
        ref int firstSeen = ref l.FirstSeenBy(i, c);
        if (firstSeen == WeakLocation.Unseen)
        {
            firstSeen = e;
        }

        Span<int> view = l.View(i);
        Span<int> strong = l.StrongView(i);
        if (acquire)
        {
            Join(Vc(c), view);
            if (R2)
            {
                Join(Vc(c), strong);
                Join(Fv(c), strong);
            }

            if (R3)
            {
                CheckEntries(c);
            }
        }
        else
        {
            // Kept for the next fence (and, R1, the next release): a relaxed read orders nothing by itself.
            Join(AcqPending(c), view);
            if (R2)
            {
                Join(AcqPending(c), strong);
                Join(PendingS(c), strong);
                Join(l.ReadStrongView(c), strong);
            }

            if (R3)
            {
                AddEntry(c, index, i, view, strong);
            }
        }

        List<int> read = _readSinceRelax[c];
        if (!read.Contains(index))
        {
            read.Add(index);
        }
    }

    /// <summary>
    /// R3: CPU <paramref name="c"/> read store <paramref name="i"/> of location <paramref name="index"/> relaxed (or
    /// released it). If an acquire later tells c of a store there that is coherence-after it, that access happens
    /// before c's later events (LKMM prop &amp; int ⊆ hb): its views join c's clock then. One entry per location
    /// (the oldest index, views joined); beyond <see cref="MaxEntries"/> they fold into one joined at the next acquire
    /// (stronger, so still sound).
    /// </summary>
    private void AddEntry(int c, int index, int i, ReadOnlySpan<int> view, ReadOnlySpan<int> strong)
    {
        Span<int> vc = Vc(c);
        if (Covers(vc, view) && Covers(vc, strong))
        {
            return;
        }

        int first = c * MaxEntries;
        int slot = -1;
        for (int j = 0; j < _entryCount[c]; j++)
        {
            if (_entryLocation[first + j] == index)
            {
                slot = j;
                break;
            }
        }

        if (slot < 0 && _entryCount[c] == MaxEntries)
        {
            _folded[c] = true;
            Join(_foldedView.AsSpan(c * _w, _w), view);
            Join(_foldedStrong.AsSpan(c * _w, _w), strong);
            return;
        }

        if (slot < 0)
        {
            slot = _entryCount[c]++;
            _entryLocation[first + slot] = index;
            _entryIndex[first + slot] = i;
            EntryView(c, slot).Clear();
            EntryStrong(c, slot).Clear();
        }

        _entryIndex[first + slot] = Math.Min(_entryIndex[first + slot], i);
        Join(EntryView(c, slot), view);
        Join(EntryStrong(c, slot), strong);
    }

    /// <summary>After an acquire: joins every R3 entry whose location c now knows a coherence-later store of.</summary>
    private void CheckEntries(int c)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            if (_folded[c])
            {
                _folded[c] = false;
                JoinEntry(c, _foldedView.AsSpan(c * _w, _w), _foldedStrong.AsSpan(c * _w, _w));
                _foldedView.AsSpan(c * _w, _w).Clear();
                _foldedStrong.AsSpan(c * _w, _w).Clear();
                changed = true;
            }

            int first = c * MaxEntries;
            for (int j = _entryCount[c] - 1; j >= 0; j--)
            {
                if (!KnowsLaterStore(c, _locations[_entryLocation[first + j]]!, _entryIndex[first + j]))
                {
                    continue;
                }

                JoinEntry(c, EntryView(c, j), EntryStrong(c, j));
                int last = --_entryCount[c];
                if (j != last)
                {
                    _entryLocation[first + j] = _entryLocation[first + last];
                    _entryIndex[first + j] = _entryIndex[first + last];
                    EntryView(c, last).CopyTo(EntryView(c, j));
                    EntryStrong(c, last).CopyTo(EntryStrong(c, j));
                }

                changed = true;
            }
        }
    }

    private void JoinEntry(int c, ReadOnlySpan<int> view, ReadOnlySpan<int> strong)
    {
        Join(Vc(c), view);
        Join(Vc(c), strong);
        if (R2)
        {
            Join(Fv(c), strong);
        }
    }

    /// <summary>Whether another CPU's store to <paramref name="l"/> after index <paramref name="i"/> happens before c (a store that fell out of the ring counts).</summary>
    private bool KnowsLaterStore(int c, WeakLocation l, int i)
    {
        if (i < l.Oldest)
        {
            return true;
        }

        for (int j = l.Newest; j > i; j--)
        {
            if (Known(c, l, j, includeOwn: false))
            {
                return true;
            }
        }

        return false;
    }

    private Span<int> EntryView(int c, int slot) => _entryView.AsSpan(((c * MaxEntries) + slot) * _w, _w);

    private Span<int> EntryStrong(int c, int slot) => _entryStrong.AsSpan(((c * MaxEntries) + slot) * _w, _w);
}
