using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using HazardMm.Systematic;

namespace HazardMm.SystematicTests;

/// <summary>
/// Every way a stored trace can be damaged so that it cannot be replayed is a
/// <see cref="TraceFormatException"/> with one line naming the file and the problem, found before
/// Coyote runs; only regular files under the size cap are read at all.
/// </summary>
public sealed partial class MalformedTraceTests
{
    public static TheoryData<string, string, string> FileDamage => new()
    {
        { "not JSON", "not json at all", "not a hazardmm-trace/1 file" },
        { "JSON null", "null", "not a hazardmm-trace/1 file" },
        { "empty object", "{}", "scenario is missing" },
        { "another format", """{"format":"something-else"}""", "not a hazardmm-trace/1 file" },
    };

    public static TheoryData<string, string> FieldDamage => new()
    {
        { "coyoteTrace=null", "coyoteTrace is missing" },
        { "scheme=nope", "unknown scheme 'nope'" },
        { "scenario=nope", "unknown scenario 'nope'" },
        { "model=arm", "unknown memory model 'arm'" },
        { "mutant=nope", "unknown mutant 'nope'" },
        { "mutant=ipi-no-wait", "mutant 'ipi-no-wait' belongs to scheme shootdown, not hazard" },
        { "maxSteps=0", "maxSteps is 0; it must be positive" },
        { "maxSteps=-5", "maxSteps is -5; it must be positive" },
        { "maxSteps=200", "maxSteps 200 disagrees with its Coyote trace's MaxUnfairSchedulingSteps 300" },
    };

    public static TheoryData<string, string> CoyoteTraceDamage => new()
    {
        { "null", "its Coyote trace is null, not an object" },
        { "{}", "its Coyote trace has no Settings" },
        { "[]", "its Coyote trace is array, not an object" },
        { "{\"Settings\":", "its Coyote trace is not JSON" },
        { "-Settings", "its Coyote trace has no Settings" },
        { "-Steps", "its Coyote trace has no Steps" },
        { "-Settings.Strategy", "its Coyote trace's Settings have no Strategy (string)" },
        { "-Settings.MaxUnfairSchedulingSteps", "its Coyote trace's Settings have no MaxUnfairSchedulingSteps (number)" },
        { "Settings.Strategy=bogus", "its Coyote trace names unknown strategy 'bogus'" },
        { "Steps=[]", "its Coyote trace has no steps recorded" },
        { "Steps[3]=op(x)", "its Coyote trace's step 3 is not a Coyote step: \"op(x)\"" },
        { "Steps[7]=sp(Teleport)", "its Coyote trace's step 7 is not a Coyote step" },
    };

    [Theory]
    [MemberData(nameof(FileDamage))]
    public void ADamagedFile_IsATraceFormatException(string what, string text, string problem)
    {
        using var stored = new StoredTrace();
        string path = stored.Write(what.Replace(' ', '-') + ".trace.json", text);

        AssertMalformed(path, problem);
    }

    [Theory]
    [MemberData(nameof(FieldDamage))]
    public void ADamagedField_IsATraceFormatException(string damage, string problem)
    {
        using var stored = new StoredTrace();
        (string field, string value) = (damage.Split('=')[0], damage.Split('=', 2)[1]);
        string path = stored.WriteJson("field.trace.json", file => file[field] = value == "null" ? null
            : int.TryParse(value, out int number) ? JsonValue.Create(number) : JsonValue.Create(value));

        AssertMalformed(path, problem);
    }

    [Theory]
    [MemberData(nameof(CoyoteTraceDamage))]
    public void ADamagedCoyoteTrace_IsATraceFormatException(string damage, string problem)
    {
        using var stored = new StoredTrace();
        string path = stored.WriteJson("coyote.trace.json", file => file["coyoteTrace"] = Damage(stored.Original.CoyoteTrace, damage));

        AssertMalformed(path, problem);
    }

    [Fact]
    public void ADamagedTraceBuiltInMemory_IsATraceFormatException_BeforeReplay()
    {
        using var stored = new StoredTrace();

        var e = Assert.Throws<TraceFormatException>(() => Replayer.Replay(stored.Original with { CoyoteTrace = "{}" }));
        Assert.StartsWith(stored.Original.Label + ": ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIsNotARegularFileUnderTheCap_IsNeverRead()
    {
        using var stored = new StoredTrace();
        AssertMalformed(stored.Folder, "is a directory, not a trace file");
        AssertMalformed(Path.Combine(stored.Folder, "missing.trace.json"), "no such file");
        AssertMalformed(stored.Write("empty.trace.json", string.Empty), "is empty or not a regular file");
        AssertMalformed(stored.Write("huge.trace.json", new string(' ', (int)TraceFile.MaxBytes + 1)), $"a trace file is at most {TraceFile.MaxBytes} bytes");
        if (OperatingSystem.IsLinux())
        {
            AssertMalformed("/dev/zero", "is empty or not a regular file");

            // A FIFO with no writer: opening it for reading would wait forever.
            string fifo = Path.Combine(stored.Folder, "fifo.trace.json");
            Assert.Equal(0, MakeFifo(fifo, Convert.ToUInt32("600", 8)));
            AssertMalformed(fifo, "is empty or not a regular file");

            // A link reports its own size, not its target's.
            string toZero = Path.Combine(stored.Folder, "zero-link.trace.json");
            File.CreateSymbolicLink(toZero, "/dev/zero");
            AssertMalformed(toZero, "is empty or not a regular file");
            string toFifo = Path.Combine(stored.Folder, "fifo-link.trace.json");
            File.CreateSymbolicLink(toFifo, fifo);
            AssertMalformed(toFifo, "is empty or not a regular file");
        }
    }

    private static void AssertMalformed(string path, string problem)
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceFile.Load(path));
        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(path, e.Path);
    }

    /// <summary>The embedded trace after one damage: a whole replacement, "-Key" / "-Settings.Key" removed, or "Key=value" / "Steps[i]=step" set.</summary>
    private static string Damage(string coyoteTrace, string damage)
    {
        if (!damage.StartsWith('-') && !damage.Contains('=', StringComparison.Ordinal))
        {
            return damage;
        }

        JsonObject trace = JsonNode.Parse(coyoteTrace)!.AsObject();
        if (damage.StartsWith('-'))
        {
            string[] path = damage[1..].Split('.');
            (path.Length == 1 ? trace : trace[path[0]]!.AsObject()).Remove(path[^1]);
        }
        else if (damage == "Steps=[]")
        {
            trace["Steps"] = new JsonArray();
        }
        else if (damage.StartsWith("Steps[", StringComparison.Ordinal))
        {
            int index = int.Parse(damage[6..damage.IndexOf(']', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            string value = damage[(damage.IndexOf('=', StringComparison.Ordinal) + 1)..];
            trace["Steps"]![index] = value == "sp(Teleport)" ? "op(1:175247760700),sp(Teleport),next(1:175247760700)" : value;
        }
        else
        {
            string[] keyValue = damage.Split('=');
            trace["Settings"]![keyValue[0].Split('.')[1]] = keyValue[1];
        }

        return trace.ToJsonString();
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MakeFifo(string path, uint mode);
}
