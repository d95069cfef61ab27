using HazardMm.Memory;
using HazardMm.Systematic.Memory;

namespace HazardMm.SystematicTests.Litmus;

/// <summary>
/// One iteration of a litmus test: the shared locations x, y, z (each on its own arena line, zero at
/// the start), a scratch line for fences made of locked RMWs, the per-CPU registers, and the model
/// machine the CPUs run on. Created inside the iteration, disposed at its end.
/// </summary>
internal sealed class LitmusState : IDisposable
{
    private const int XLine = 0;
    private const int YLine = 1;
    private const int ZLine = 2;
    private const int ScratchLine = 3;

    private readonly Arena _arena = new(4);

    public LitmusState(ModelMachine machine)
    {
        Machine = machine;
        machine.Attach(_arena);
    }

    public ModelMachine Machine { get; }

    public ref long X => ref _arena.Word(XLine, 0);

    public ref long Y => ref _arena.Word(YLine, 0);

    public ref long Z => ref _arena.Word(ZLine, 0);

    /// <summary>A word no test reads: the target of <c>lock add $0</c>-style fences.</summary>
    public ref long Scratch => ref _arena.Word(ScratchLine, 0);

    /// <summary>Registers: each written by one CPU, read by the test body after every CPU finished.</summary>
    public long[] R { get; } = new long[8];

    /// <summary>The location an address names, for readable operation logs.</summary>
    public string NameOf(nint address) =>
        address == Arena.AddressOf(ref X) ? "x"
        : address == Arena.AddressOf(ref Y) ? "y"
        : address == Arena.AddressOf(ref Z) ? "z"
        : address == Arena.AddressOf(ref Scratch) ? "scratch"
        : $"0x{address:x}";

    public void Dispose() => _arena.Dispose();
}
