using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Sched;

namespace HazardMm.Tests.Cpus;

/// <summary>
/// The padded objects (design.md#run-queue: padded objects): the fields of an object that one CPU
/// writes and others read, or that every CPU reads, sit at least one padded line away from both ends
/// of the object, so no neighbour on the heap shares their line.
/// </summary>
public sealed class PaddedObjectLayoutTests
{
    public static TheoryData<Type> PaddedTypes => new() { typeof(CpuSwitchState), typeof(WaitQueue), typeof(RunControl) };

    [Theory]
    [MemberData(nameof(PaddedTypes))]
    public void EveryField_IsAPaddedLineFromBothEndsOfTheObject(Type type)
    {
        FieldInfo[] fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        Assert.True(type.IsExplicitLayout, $"{type.Name} must lay its fields out explicitly");
        int[] offsets = fields.Where(f => f.Name != "_end").Select(f => f.GetCustomAttribute<FieldOffsetAttribute>()!.Value).ToArray();
        int end = fields.Single(f => f.Name == "_end").GetCustomAttribute<FieldOffsetAttribute>()!.Value;

        Assert.NotEmpty(offsets);
        Assert.True(offsets.Min() >= Arena.LineBytes, $"{type.Name}: a field at {offsets.Min()} shares the first line with the object before it");
        Assert.True(end >= offsets.Max() + 8 + Arena.LineBytes - 8, $"{type.Name}: the padding after the last field ({offsets.Max()}) ends at {end}");
    }

    [Fact]
    public void TheRuntime_KeepsTheDeclaredOffsets_ForAClassWithReferenceFields()
    {
        // The declared layout is only worth checking if the runtime honours it for a class holding
        // references: measure where CpuSwitchState's fields really are in the object.
        var state = new CpuSwitchState();
        ref byte data = ref Unsafe.As<RawObject>(state).Data;

        Assert.Equal(Arena.LineBytes, (int)Unsafe.ByteOffset(ref data, ref Unsafe.As<TaskStruct, byte>(ref state.Curr)));
        Assert.Equal(Arena.LineBytes + 32, (int)Unsafe.ByteOffset(ref data, ref Unsafe.As<bool, byte>(ref state.IrqsDisabled)));
    }

    /// <summary>Reads an object as if its first field were a byte: the address of its field data.</summary>
    private sealed class RawObject
    {
        public byte Data;
    }
}
