using HazardMm.Memory;
using HazardMm.Systematic;
using Xunit.Abstractions;

namespace HazardMm.SystematicTests.Litmus;

/// <summary>
/// Every registered memory model against the reorderings it declares (<see cref="MemoryModelDescriptor.Allows"/>,
/// design.md#memory-models), on the three classic shapes with plain accesses and no fences:
/// <code>
/// SB  CPU 0: x = 1; r0 = y     CPU 1: y = 1; r1 = x     relaxed: r0 == 0 &amp;&amp; r1 == 0   (store→load)
/// MP  CPU 0: x = 1; y = 1      CPU 1: r0 = y; r1 = x    relaxed: r0 == 1 &amp;&amp; r1 == 0   (store→store or load→load)
/// LB  CPU 0: r0 = x; y = 1     CPU 1: r1 = y; x = 1     relaxed: r0 == 1 &amp;&amp; r1 == 1   (load→store)
/// </code>
/// A relaxed outcome the model allows must be observed; one it does not allow fails the run as a
/// Coyote bug with the operation log. A new model is checked by registering it.
/// </summary>
[Collection(LitmusCollection.Name)]
public sealed class ModelRegistryLitmusTests(ITestOutputHelper output)
{
    private const int Iterations = 1000;

    public enum Shape
    {
        SB,
        MP,
        LB,
    }

    public static TheoryData<string, Shape> Cases()
    {
        var data = new TheoryData<string, Shape>();
        foreach (MemoryModelDescriptor model in MemoryModels.All)
        {
            foreach (Shape shape in Enum.GetValues<Shape>())
            {
                data.Add(model.Name, shape);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AModel_ShowsExactlyTheReorderingsItDeclares(string name, Shape shape)
    {
        MemoryModelDescriptor model = MemoryModels.Get(name);
        bool allowed = shape switch
        {
            Shape.SB => model.Allows.Contains(Reordering.StoreLoad),
            Shape.MP => model.Allows.Contains(Reordering.StoreStore) || model.Allows.Contains(Reordering.LoadLoad),
            _ => model.Allows.Contains(Reordering.LoadStore),
        };
        var body = new ShapeBody(shape, allowed, output);

        model.Run(body);

        string relaxed = Relaxed(shape);
        if (allowed)
        {
            Assert.True(body.Result!.Count(relaxed) > 0, $"{name} allows {shape}'s relaxed outcome [{relaxed}] but never showed it: {body.Result}");
        }
        else
        {
            Assert.Equal(0, body.Result!.Count(relaxed));
        }
    }

    private static string Relaxed(Shape shape) => shape switch
    {
        Shape.SB => "r0=0 r1=0",
        Shape.MP => "r0=1 r1=0",
        _ => "r0=1 r1=1",
    };

    /// <summary>Builds and runs the shape with the model's <c>TMem</c>.</summary>
    private sealed class ShapeBody(Shape shape, bool allowed, ITestOutputHelper output) : IModelBody
    {
        public LitmusResult? Result { get; private set; }

        public void Run<TMem>()
            where TMem : struct, IMemoryModel
        {
            Action<LitmusState>[] cpus = shape switch
            {
                Shape.SB =>
                [
                    s => { TMem.StoreRelaxed(ref s.X, 1); s.R[0] = TMem.LoadRelaxed(ref s.Y); },
                    s => { TMem.StoreRelaxed(ref s.Y, 1); s.R[1] = TMem.LoadRelaxed(ref s.X); },
                ],
                Shape.MP =>
                [
                    s => { TMem.StoreRelaxed(ref s.X, 1); TMem.StoreRelaxed(ref s.Y, 1); },
                    s => { s.R[0] = TMem.LoadRelaxed(ref s.Y); s.R[1] = TMem.LoadRelaxed(ref s.X); },
                ],
                _ =>
                [
                    s => { s.R[0] = TMem.LoadRelaxed(ref s.X); TMem.StoreRelaxed(ref s.Y, 1); },
                    s => { s.R[1] = TMem.LoadRelaxed(ref s.Y); TMem.StoreRelaxed(ref s.X, 1); },
                ],
            };
            string relaxed = Relaxed(shape);
            var test = new LitmusTest(
                $"{shape} on {typeof(TMem).Name}",
                cpus,
                s => $"r0={s.R[0]} r1={s.R[1]}",
                allowed ? null : s => $"r0={s.R[0]} r1={s.R[1]}" == relaxed);
            Result = LitmusRunner.Run(test, Iterations, output);
        }
    }
}
