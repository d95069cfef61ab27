using HazardMm.Memory;
using HazardMm.Mm;

namespace HazardMm.Oracle;

/// <summary>
/// The hazard scheme's transition law (design.md#inv-conservation, D-I4): <c>rq-&gt;drop_mm</c> changes
/// only NULL→mm (a scan parks its reference), od→mm (a scan steals od's slot and drops od) and x→NULL
/// (the owner takes x), and each moves exactly one reference. The ledger is the oracle's copy of every
/// rq's drop_mm, updated right after each transition the scheme believes it made; a transition whose
/// from-value is not the ledger's lost or duplicated a reference.
/// </summary>
/// <remarks>
/// Exact only where no other CPU runs between a transition and its ledger entry: under a systematic
/// model, whose scheduling points come before each seam operation and never between it and the plain
/// code after it, and in tests that play every CPU from one thread. On real threads it would race the
/// CPUs it watches, so <see cref="For{TMem}"/> gives none for <see cref="HardwareMemory"/>.
/// </remarks>
public sealed class DropMmLedger
{
    private readonly long[] _dropMm;

    public DropMmLedger(int cpus)
    {
        _dropMm = new long[cpus];
    }

    /// <summary>A ledger where the law is exact (a systematic model), else null.</summary>
    public static DropMmLedger? For<TMem>(int cpus)
        where TMem : struct, IMemoryModel => typeof(TMem) == typeof(HardwareMemory) ? null : new DropMmLedger(cpus);

    /// <summary>A scan parked its reference to <paramref name="mm"/> on <paramref name="rq"/>: drop_mm was NULL.</summary>
    public void Park(int self, int rq, MmPtr mm) =>
        Move(self, rq, 0, mm, ViolationKind.Leak, $"parked its {mm} reference on", "whose reference is lost");

    /// <summary>A scan stole <paramref name="od"/>'s slot on <paramref name="rq"/> for <paramref name="mm"/>, and drops od.</summary>
    /// <remarks>
    /// If the ledger holds NULL, the rq's owner already took od's reference and dropped it, and this scan
    /// drops od a second time (a negative count to come); any other mm held is a reference overwritten (lost).
    /// </remarks>
    public void Steal(int self, int rq, MmPtr od, MmPtr mm)
    {
        if (_dropMm[rq] == 0)
        {
            Move(self, rq, od.Value, mm, ViolationKind.NegativeCount, $"stole {od}'s slot for {mm} on",
                $"so its owner already took and dropped {od}'s reference, and this scan drops {od} again");
            return;
        }

        Move(self, rq, od.Value, mm, ViolationKind.Leak, $"stole {od}'s slot for {mm} on", "whose reference is lost");
    }

    /// <summary>The rq took its parked reference to <paramref name="old"/>, and drops it.</summary>
    public void Take(int self, int rq, long old) =>
        Move(self, rq, old, MmPtr.Null, ViolationKind.UseAfterFree, $"took its parked {new MmPtr(old)} from",
            "parked after its load: that reference is wiped out and the rq stays lazy on an mm it holds none for");

    /// <summary>xchg(&amp;rq->drop_mm, mm) (the 2020 mockup): any from-value, the displaced one is dropped.</summary>
    public void Exchange(int rq, MmPtr mm) => _dropMm[rq] = mm.Value;

    private void Move(int self, int rq, long from, MmPtr to, ViolationKind kind, string what, string consequence)
    {
        long held = _dropMm[rq];
        if (held != from)
        {
            throw new InvariantViolation(kind, self, new MmPtr(held), 0,
                $"D-I4: CPU {self} {what} rq {rq}'s drop_mm, which held {new MmPtr(held)}, {consequence}");
        }

        _dropMm[rq] = to.Value;
    }
}
