using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Oracle;
using static HazardMm.Systematic.Memory.VectorClock;

namespace HazardMm.Systematic.Memory;

/// <summary>
/// The weak model's ghost side (design.md#ghost): each CPU's last use of each mm record, checked at the free as loom
/// checks an <c>UnsafeCell</c> (a free not ordered after a use is a data race, whatever values the run saw), and the
/// hand-off channels outside the seam, with lock semantics.
/// </summary>
internal sealed partial class WeakState
{
    private readonly int[] _channelView;
    private readonly int[] _channelStrong;
    private int[] _useEpoch = [];
    private string[] _useSite = [];

    /// <summary>A ghost event of CPU <paramref name="c"/>.</summary>
    public void Ghost(int c, GhostEvent kind, int key, string site, OperationLog? log)
    {
        switch (kind)
        {
            case GhostEvent.Use when key > 0:
                EnsureRecord(key);
                _useEpoch[(key * _n) + c] = Tick(c);
                _useSite[(key * _n) + c] = site;
                break;
            case GhostEvent.Free when key > 0:
                Tick(c);
                CheckFree(c, key, site, log);
                break;
            case GhostEvent.Alloc when key > 0:
                EnsureRecord(key);
                _useEpoch.AsSpan(key * _n, _n).Clear();
                break;
            case GhostEvent.Release:
                // spin_unlock: a release, A-cumulative (R1), carrying the CPU's strong-fence knowledge (R2).
                Tick(c);
                Join(ChannelView(key), Vc(c));
                Join(ChannelView(key), AcqPending(c));
                Join(ChannelStrong(key), Fv(c));
                Join(ChannelStrong(key), PendingS(c));
                break;
            case GhostEvent.Acquire:
                Tick(c);
                Join(Vc(c), ChannelView(key));
                Join(Vc(c), ChannelStrong(key));
                Join(Fv(c), ChannelStrong(key));
                if (R3)
                {
                    CheckEntries(c);
                }

                break;
        }
    }

    private void BeginGhost()
    {
        Array.Clear(_channelView);
        Array.Clear(_channelStrong);
        Array.Clear(_useEpoch);
    }

    /// <summary>At the free of record <paramref name="key"/> by CPU <paramref name="c"/>: every other CPU's last use is in c's clock.</summary>
    private void CheckFree(int c, int key, string site, OperationLog? log)
    {
        EnsureRecord(key);
        int row = c * _w;
        for (int u = 0; u < _n; u++)
        {
            int used = _useEpoch[(key * _n) + u];
            if (u == c || used <= _vc[row + u])
            {
                continue;
            }

            string detail = $"{site} on CPU {c} is not ordered after CPU {u}'s last use of it ({_useSite[(key * _n) + u]}): " +
                "no release/acquire or fence chain makes that use happen before the free (weak memory model)";
            log?.RecordEvent(c, "weak-uaf", $"{MmPtr.FromIndex(key)}: {detail}");
            throw new InvariantViolation(ViolationKind.UseAfterFree, c, MmPtr.FromIndex(key), 0, detail);
        }
    }

    private void EnsureRecord(int key)
    {
        int needed = (key + 1) * _n;
        if (_useEpoch.Length < needed)
        {
            Array.Resize(ref _useEpoch, needed * 2);
            Array.Resize(ref _useSite, needed * 2);
        }
    }

    private Span<int> ChannelView(int key) => _channelView.AsSpan(key * _w, _w);

    private Span<int> ChannelStrong(int key) => _channelStrong.AsSpan(key * _w, _w);
}
