using HazardMm.Memory;
using HazardMm.Oracle;

namespace HazardMm.SystematicTests.Litmus;

/// <summary>
/// The litmus shapes of the weak-model table (design.md#weak-model), written once over any model's <c>TMem</c>. Each
/// shape names its outcome of interest (<see cref="Shape.Relaxed"/>): the one a weaker model may show and a stronger
/// one forbids. Kernel vocabulary: <c>st</c>/<c>ld</c> relaxed (WRITE_ONCE/READ_ONCE), <c>st_rel</c>, <c>ld_acq</c>,
/// <c>mb</c> (smp_mb), <c>xchg</c>, <c>add</c> (atomic_add_return). Locations x, y, z start at 0.
/// </summary>
internal static class WeakLitmusShapes
{
    /// <summary>Every shape name, in the order of the table.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "MP", "MP+rel+acq", "MP+po+acq", "MP+rel+po", "MP+mb+po", "MP+mbs", "MP+rel+po-mb", "MP+rel+xchg",
        "MP+rel+rlx-same-flag",
        "SB", "SB+mbs", "SB+rel+acq", "SB+xchgs",
        "LB", "LB+acq+rel", "LB+mbs",
        "IRIW", "IRIW+acqs", "IRIW+mbs",
        "WRC", "WRC+rel+acq", "WRC+po+acq",
        "2+2W", "2+2W+rels", "S", "S+rel+acq", "R", "R+mbs",
        "CoRR", "CoWR", "CoRW", "CoWW",
        "Z6.0+rel+acq-rel+mb",
        "ISA2+rel+rlx-rel+acq", "ISA2+mb+acq-rlx+acq", "R-then-acq-coherence",
        "RMW-adds", "RMW-cmpxchg-loops",
        "causality:rlx+acq", "causality:rel+acq", "causality:rel+rlx", "causality:rel+rlx-add",
        "causality:mb-rlx+acq", "causality:rlx+mb-acq",
        "spin-acq-relax",
    ];

    /// <summary>The shape <paramref name="name"/> on <typeparamref name="TMem"/>.</summary>
    public static Shape Get<TMem>(string name)
        where TMem : struct, IMemoryModel => name switch
    {
        // MP: data x, flag y; relaxed: the flag seen, the data not.
        "MP" => Mp<TMem>(s => { TMem.StoreRelaxed(ref s.X, 1); TMem.StoreRelaxed(ref s.Y, 1); }, s => { s.R[0] = TMem.LoadRelaxed(ref s.Y); s.R[1] = TMem.LoadRelaxed(ref s.X); }),
        "MP+rel+acq" => Mp<TMem>(s => { TMem.StoreRelaxed(ref s.X, 1); TMem.StoreRelease(ref s.Y, 1); }, s => { s.R[0] = TMem.LoadAcquire(ref s.Y); s.R[1] = TMem.LoadRelaxed(ref s.X); }),
        "MP+po+acq" => Mp<TMem>(s => { TMem.StoreRelaxed(ref s.X, 1); TMem.StoreRelaxed(ref s.Y, 1); }, s => { s.R[0] = TMem.LoadAcquire(ref s.Y); s.R[1] = TMem.LoadRelaxed(ref s.X); }),
        "MP+rel+po" => Mp<TMem>(s => { TMem.StoreRelaxed(ref s.X, 1); TMem.StoreRelease(ref s.Y, 1); }, s => { s.R[0] = TMem.LoadRelaxed(ref s.Y); s.R[1] = TMem.LoadRelaxed(ref s.X); }),
        "MP+mb+po" => Mp<TMem>(s => { TMem.StoreRelaxed(ref s.X, 1); TMem.FullFence(); TMem.StoreRelaxed(ref s.Y, 1); }, s => { s.R[0] = TMem.LoadRelaxed(ref s.Y); s.R[1] = TMem.LoadRelaxed(ref s.X); }),
        "MP+mbs" => Mp<TMem>(s => { TMem.StoreRelaxed(ref s.X, 1); TMem.FullFence(); TMem.StoreRelaxed(ref s.Y, 1); }, s => { s.R[0] = TMem.LoadRelaxed(ref s.Y); TMem.FullFence(); s.R[1] = TMem.LoadRelaxed(ref s.X); }),
        "MP+rel+po-mb" => Mp<TMem>(s => { TMem.StoreRelaxed(ref s.X, 1); TMem.StoreRelease(ref s.Y, 1); }, s => { s.R[0] = TMem.LoadRelaxed(ref s.Y); TMem.FullFence(); s.R[1] = TMem.LoadRelaxed(ref s.X); }),
        "MP+rel+xchg" => Mp<TMem>(s => { TMem.StoreRelaxed(ref s.X, 1); TMem.StoreRelease(ref s.Y, 1); }, s => { s.R[0] = TMem.Exchange(ref s.Y, 1); s.R[1] = TMem.LoadRelaxed(ref s.X); }),

        // Release sequence: a relaxed store after a release to the same flag still publishes what the release did.
        "MP+rel+rlx-same-flag" => new(
            [
                s => { TMem.StoreRelaxed(ref s.X, 1); TMem.StoreRelease(ref s.Y, 1); TMem.StoreRelaxed(ref s.Y, 2); },
                s => { s.R[0] = TMem.LoadAcquire(ref s.Y); s.R[1] = TMem.LoadRelaxed(ref s.X); },
            ],
            s => s.R[0] == 2 && s.R[1] == 0),

        // SB: each stores then loads the other's location; relaxed: both read 0.
        "SB" => Sb<TMem>(s => TMem.StoreRelaxed(ref s.X, 1), s => s.R[0] = TMem.LoadRelaxed(ref s.Y), s => TMem.StoreRelaxed(ref s.Y, 1), s => s.R[1] = TMem.LoadRelaxed(ref s.X)),
        "SB+mbs" => Sb<TMem>(s => { TMem.StoreRelaxed(ref s.X, 1); TMem.FullFence(); }, s => s.R[0] = TMem.LoadRelaxed(ref s.Y), s => { TMem.StoreRelaxed(ref s.Y, 1); TMem.FullFence(); }, s => s.R[1] = TMem.LoadRelaxed(ref s.X)),
        "SB+rel+acq" => Sb<TMem>(s => TMem.StoreRelease(ref s.X, 1), s => s.R[0] = TMem.LoadAcquire(ref s.Y), s => TMem.StoreRelease(ref s.Y, 1), s => s.R[1] = TMem.LoadAcquire(ref s.X)),
        "SB+xchgs" => Sb<TMem>(s => TMem.Exchange(ref s.X, 1), s => s.R[0] = TMem.LoadRelaxed(ref s.Y), s => TMem.Exchange(ref s.Y, 1), s => s.R[1] = TMem.LoadRelaxed(ref s.X)),

        // LB: each loads then stores the other's location; relaxed: both read the other's store.
        "LB" => Lb<TMem>(s => s.R[0] = TMem.LoadRelaxed(ref s.X), s => TMem.StoreRelaxed(ref s.Y, 1), s => s.R[1] = TMem.LoadRelaxed(ref s.Y), s => TMem.StoreRelaxed(ref s.X, 1)),
        "LB+acq+rel" => Lb<TMem>(s => s.R[0] = TMem.LoadAcquire(ref s.X), s => TMem.StoreRelease(ref s.Y, 1), s => s.R[1] = TMem.LoadAcquire(ref s.Y), s => TMem.StoreRelease(ref s.X, 1)),
        "LB+mbs" => Lb<TMem>(s => { s.R[0] = TMem.LoadRelaxed(ref s.X); TMem.FullFence(); }, s => TMem.StoreRelaxed(ref s.Y, 1), s => { s.R[1] = TMem.LoadRelaxed(ref s.Y); TMem.FullFence(); }, s => TMem.StoreRelaxed(ref s.X, 1)),

        // IRIW: two writers, two readers in opposite orders; relaxed: the readers disagree on the order.
        "IRIW" => Iriw<TMem>(ordered: false, fenced: false),
        "IRIW+acqs" => Iriw<TMem>(ordered: true, fenced: false),
        "IRIW+mbs" => Iriw<TMem>(ordered: false, fenced: true),

        // WRC: x=1 seen by CPU 1, which then stores y; CPU 2 sees y but not x.
        "WRC" => Wrc<TMem>(release: false, acquire: false),
        "WRC+rel+acq" => Wrc<TMem>(release: true, acquire: true),
        "WRC+po+acq" => Wrc<TMem>(release: false, acquire: true),

        // 2+2W: relaxed final state x == 1 && y == 1 (each CPU's first store coherence-last).
        "2+2W" => TwoPlusTwoW<TMem>(release: false),
        "2+2W+rels" => TwoPlusTwoW<TMem>(release: true),

        // S: x=2; y=1 || r=y; x=1. Relaxed: r == 1 and x == 2 (x=1 coherence-before x=2).
        "S" => new(
            [
                s => { TMem.StoreRelaxed(ref s.X, 2); TMem.StoreRelaxed(ref s.Y, 1); },
                s => { s.R[0] = TMem.LoadRelaxed(ref s.Y); TMem.StoreRelaxed(ref s.X, 1); },
            ],
            s => s.R[0] == 1 && s.X == 2),
        "S+rel+acq" => new(
            [
                s => { TMem.StoreRelaxed(ref s.X, 2); TMem.StoreRelease(ref s.Y, 1); },
                s => { s.R[0] = TMem.LoadAcquire(ref s.Y); TMem.StoreRelaxed(ref s.X, 1); },
            ],
            s => s.R[0] == 1 && s.X == 2),

        // R: x=1; y=1 || y=2; r=x. Relaxed: y == 2 finally and r == 0.
        "R" => new(
            [
                s => { TMem.StoreRelaxed(ref s.X, 1); TMem.StoreRelaxed(ref s.Y, 1); },
                s => { TMem.StoreRelaxed(ref s.Y, 2); s.R[0] = TMem.LoadRelaxed(ref s.X); },
            ],
            s => s.Y == 2 && s.R[0] == 0),
        "R+mbs" => new(
            [
                s => { TMem.StoreRelaxed(ref s.X, 1); TMem.FullFence(); TMem.StoreRelaxed(ref s.Y, 1); },
                s => { TMem.StoreRelaxed(ref s.Y, 2); TMem.FullFence(); s.R[0] = TMem.LoadRelaxed(ref s.X); },
            ],
            s => s.Y == 2 && s.R[0] == 0),

        // Coherence: one location's stores in one order, which every CPU's reads and writes respect.
        "CoRR" => new(
            [
                s => TMem.StoreRelaxed(ref s.X, 1),
                s => { s.R[0] = TMem.LoadRelaxed(ref s.X); s.R[1] = TMem.LoadRelaxed(ref s.X); },
            ],
            s => s.R[0] == 1 && s.R[1] == 0),
        "CoWR" => new(
            [
                s => { TMem.StoreRelaxed(ref s.X, 1); s.R[0] = TMem.LoadRelaxed(ref s.X); },
                s => TMem.StoreRelaxed(ref s.X, 2),
            ],
            s => s.R[0] == 0 || (s.R[0] == 2 && s.X == 1)),
        "CoRW" => new(
            [
                s => { s.R[0] = TMem.LoadRelaxed(ref s.X); TMem.StoreRelaxed(ref s.X, 1); },
                s => TMem.StoreRelaxed(ref s.X, 2),
            ],
            s => s.R[0] == 2 && s.X == 2),
        "CoWW" => new(
            [
                s => { TMem.StoreRelaxed(ref s.X, 1); TMem.StoreRelaxed(ref s.X, 2); },
                s => { s.R[0] = TMem.LoadRelaxed(ref s.X); s.R[1] = TMem.LoadRelaxed(ref s.X); },
            ],
            s => s.X == 1 || (s.R[0] == 2 && s.R[1] == 1)),

        // Z6.0 (LKMM Z6.0+pooncerelease+poacquirerelease+fencembonceonce): LKMM Sometimes, ARMv8 forbidden (coe in ob).
        "Z6.0+rel+acq-rel+mb" => new(
            [
                s => { TMem.StoreRelaxed(ref s.X, 1); TMem.StoreRelease(ref s.Y, 1); },
                s => { s.R[0] = TMem.LoadAcquire(ref s.Y); TMem.StoreRelease(ref s.Z, 1); },
                s => { TMem.StoreRelaxed(ref s.Z, 2); TMem.FullFence(); s.R[1] = TMem.LoadRelaxed(ref s.X); },
            ],
            s => s.R[0] == 1 && s.Z == 2 && s.R[1] == 0),

        // Addendum R1 (LKMM ISA2+pooncerelease+pooncerelease+poacquireonce, Never): a release is A-cumulative.
        "ISA2+rel+rlx-rel+acq" => new(
            [
                s => { TMem.StoreRelaxed(ref s.X, 1); TMem.StoreRelease(ref s.Y, 1); },
                s => { s.R[0] = TMem.LoadRelaxed(ref s.Y); TMem.StoreRelease(ref s.Z, 1); },
                s => { s.R[1] = TMem.LoadAcquire(ref s.Z); s.R[2] = TMem.LoadRelaxed(ref s.X); },
            ],
            s => s.R[0] == 1 && s.R[1] == 1 && s.R[2] == 0),

        // Addendum R2 (a write-read-write chain with one smp_mb; LKMM Never by pb): strong-fence knowledge follows hb
        // through CPU 1's relaxed store after its acquire.
        "ISA2+mb+acq-rlx+acq" => new(
            [
                s => { TMem.StoreRelaxed(ref s.X, 1); TMem.FullFence(); TMem.StoreRelaxed(ref s.Y, 1); },
                s => { s.R[0] = TMem.LoadAcquire(ref s.Y); TMem.StoreRelaxed(ref s.Z, 1); },
                s => { s.R[1] = TMem.LoadAcquire(ref s.Z); s.R[2] = TMem.LoadRelaxed(ref s.X); },
            ],
            s => s.R[0] == 1 && s.R[1] == 1 && s.R[2] == 0),

        // Addendum R3 (LKMM Never: prop & int in hb): CPU 1 reads y=1 relaxed; its acquire of z tells it of y=2, which is
        // coherence-after what it read, so that read (and the x=1 it carries) happens before CPU 1's load of x.
        "R-then-acq-coherence" => new(
            [
                s => { TMem.StoreRelaxed(ref s.X, 1); TMem.StoreRelease(ref s.Y, 1); },
                s => { s.R[0] = TMem.LoadRelaxed(ref s.Y); s.R[1] = TMem.LoadAcquire(ref s.Z); s.R[2] = TMem.LoadRelaxed(ref s.X); },
                s => { TMem.StoreRelaxed(ref s.Y, 2); TMem.StoreRelease(ref s.Z, 1); },
            ],
            s => s.R[0] == 1 && s.R[1] == 1 && s.R[2] == 0 && s.Y == 2),

        // RMW atomicity: no update is lost.
        "RMW-adds" => new([s => TMem.Add(ref s.X, 1), s => TMem.Add(ref s.X, 1)], s => s.X != 2),
        "RMW-cmpxchg-loops" => new([CmpxchgIncrement<TMem>, CmpxchgIncrement<TMem>], s => s.X != 2),

        // Causality (the ghost free check): CPU 0 uses mm#1 then says "done"; CPU 1 frees it once it sees "done".
        // Relaxed: the free is reported as not ordered after the use.
        "causality:rlx+acq" => Causality<TMem>(s => TMem.StoreRelaxed(ref s.X, 1), s => TMem.LoadAcquire(ref s.X)),
        "causality:rel+acq" => Causality<TMem>(s => TMem.StoreRelease(ref s.X, 1), s => TMem.LoadAcquire(ref s.X)),
        "causality:rel+rlx" => Causality<TMem>(s => TMem.StoreRelease(ref s.X, 1), s => TMem.LoadRelaxed(ref s.X)),
        "causality:rel+rlx-add" => Causality<TMem>(s => TMem.StoreRelease(ref s.X, 1), s => { long done = TMem.LoadRelaxed(ref s.X); TMem.Add(ref s.Scratch, 1); return done; }),
        "causality:mb-rlx+acq" => Causality<TMem>(s => { TMem.FullFence(); TMem.StoreRelaxed(ref s.X, 1); }, s => TMem.LoadAcquire(ref s.X)),
        "causality:rlx+mb-acq" => Causality<TMem>(s => TMem.StoreRelaxed(ref s.X, 1), s => { TMem.FullFence(); return TMem.LoadAcquire(ref s.X); }),

        // A spinner with cpu_relax sees the flag eventually, then the data (liveness: the runner checks every
        // iteration ends). Relaxed: the data missed.
        "spin-acq-relax" => new(
            [
                s => { TMem.StoreRelaxed(ref s.X, 1); TMem.StoreRelease(ref s.Y, 1); },
                s =>
                {
                    while (TMem.LoadAcquire(ref s.Y) == 0)
                    {
                        TMem.CpuRelax();
                    }

                    s.R[0] = TMem.LoadRelaxed(ref s.X);
                },
            ],
            s => s.R[0] != 1),

        _ => throw new ArgumentException($"no litmus shape '{name}'", nameof(name)),
    };

    private static Shape Mp<TMem>(Action<LitmusState> writer, Action<LitmusState> reader)
        where TMem : struct, IMemoryModel =>
        new([writer, reader], s => s.R[0] != 0 && s.R[1] == 0);

    private static Shape Sb<TMem>(Action<LitmusState> store0, Action<LitmusState> load0, Action<LitmusState> store1, Action<LitmusState> load1)
        where TMem : struct, IMemoryModel =>
        new([s => { store0(s); load0(s); }, s => { store1(s); load1(s); }], s => s.R[0] == 0 && s.R[1] == 0);

    private static Shape Lb<TMem>(Action<LitmusState> load0, Action<LitmusState> store0, Action<LitmusState> load1, Action<LitmusState> store1)
        where TMem : struct, IMemoryModel =>
        new([s => { load0(s); store0(s); }, s => { load1(s); store1(s); }], s => s.R[0] == 1 && s.R[1] == 1);

    private static Shape Iriw<TMem>(bool ordered, bool fenced)
        where TMem : struct, IMemoryModel
    {
        long Read(ref long location) => ordered ? TMem.LoadAcquire(ref location) : TMem.LoadRelaxed(ref location);
        void Between()
        {
            if (fenced)
            {
                TMem.FullFence();
            }
        }

        return new(
            [
                s => TMem.StoreRelaxed(ref s.X, 1),
                s => TMem.StoreRelaxed(ref s.Y, 1),
                s => { s.R[0] = Read(ref s.X); Between(); s.R[1] = Read(ref s.Y); },
                s => { s.R[2] = Read(ref s.Y); Between(); s.R[3] = Read(ref s.X); },
            ],
            s => s.R[0] == 1 && s.R[1] == 0 && s.R[2] == 1 && s.R[3] == 0);
    }

    private static Shape Wrc<TMem>(bool release, bool acquire)
        where TMem : struct, IMemoryModel =>
        new(
            [
                s => TMem.StoreRelaxed(ref s.X, 1),
                s =>
                {
                    s.R[0] = TMem.LoadRelaxed(ref s.X);
                    if (release)
                    {
                        TMem.StoreRelease(ref s.Y, 1);
                    }
                    else
                    {
                        TMem.StoreRelaxed(ref s.Y, 1);
                    }
                },
                s => { s.R[1] = acquire ? TMem.LoadAcquire(ref s.Y) : TMem.LoadRelaxed(ref s.Y); s.R[2] = TMem.LoadRelaxed(ref s.X); },
            ],
            s => s.R[0] == 1 && s.R[1] == 1 && s.R[2] == 0);

    private static Shape TwoPlusTwoW<TMem>(bool release)
        where TMem : struct, IMemoryModel
    {
        void Second(ref long location, long value)
        {
            if (release)
            {
                TMem.StoreRelease(ref location, value);
            }
            else
            {
                TMem.StoreRelaxed(ref location, value);
            }
        }

        return new(
            [
                s => { TMem.StoreRelaxed(ref s.X, 1); Second(ref s.Y, 2); },
                s => { TMem.StoreRelaxed(ref s.Y, 1); Second(ref s.X, 2); },
            ],
            s => s.X == 1 && s.Y == 1);
    }

    private static void CmpxchgIncrement<TMem>(LitmusState s)
        where TMem : struct, IMemoryModel
    {
        long old = TMem.LoadRelaxed(ref s.X);
        long found;
        while ((found = TMem.CompareExchange(ref s.X, old + 1, old)) != old)
        {
            old = found;
            TMem.CpuRelax();
        }
    }

    /// <summary>
    /// CPU 0: use mm#1; publish "done" (x). CPU 1: if it reads done, free mm#1. R[0] = 1 when the weak model's ghost
    /// free check reported the free as not ordered after the use (the models without it never report).
    /// </summary>
    private static Shape Causality<TMem>(Action<LitmusState> done, Func<LitmusState, long> seeDone)
        where TMem : struct, IMemoryModel =>
        new(
            [
                s => { TMem.Ghost(GhostEvent.Use, 1, "litmus use"); done(s); },
                s =>
                {
                    if (seeDone(s) == 0)
                    {
                        return;
                    }

                    try
                    {
                        TMem.Ghost(GhostEvent.Free, 1, "litmus free");
                    }
                    catch (InvariantViolation violation) when (violation.Kind == ViolationKind.UseAfterFree)
                    {
                        s.R[0] = 1;
                    }
                },
            ],
            s => s.R[0] == 1);

    /// <summary>A shape: one body per CPU, and the outcome of interest.</summary>
    public sealed record Shape(Action<LitmusState>[] Cpus, Func<LitmusState, bool> Relaxed);
}
