using System.Collections.Concurrent;
using System.Diagnostics;

namespace HazardMm.Tests.Cli;

/// <summary>
/// The built <c>hazardmm</c> as a child process, stopped by a signal the way <c>timeout</c>, CI
/// and a closed terminal stop it: the summary so far is printed, every violation found included,
/// and the exit code says whether anything failed (1) or the run was only cut short (130).
/// </summary>
public sealed class SignalTests
{
    /// <summary>How long a child may take to reach a point or to exit before the test gives up: a hang guard, not a speed check.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    [LinuxFact]
    public void SigtermDuringTorture_AfterAFailure_PrintsTheFailure_AndExitsOne()
    {
        // busted fails within its first second on arm64 (see HazardMmCliTests); hazard then runs until the signal.
        using var child = Child.Start("torture", "--scheme", "busted,hazard", "--arch", "arm64", "--cpus", "2", "--duration", "10m", "--seed", "3");
        child.WaitForLine(l => l.StartsWith("hazardmm-torture: [hazard/arm64]", StringComparison.Ordinal) && l.Contains("s: switches", StringComparison.Ordinal));
        child.Signal("TERM");
        (int code, string output, string error) = child.Exit();

        Assert.Equal(1, code);
        Assert.Contains("FAILURE busted arch=arm64 cpus=2 faults=none seed=3: use-after-free", output, StringComparison.Ordinal);
        Assert.Matches(@"SUCCESS hazard arch=arm64 cpus=2 faults=none seed=3: .* \[interrupted\]", output);
        Assert.Contains("hazardmm: SIGTERM: stopping the current run", error, StringComparison.Ordinal);
    }

    [LinuxTheory]
    [InlineData("TERM")]
    [InlineData("HUP")]
    [InlineData("INT")]
    public void ASignalDuringTorture_WithNothingFailed_PrintsTheSummary_AndExits130(string signal)
    {
        using var child = Child.Start("torture", "--scheme", "hazard,linus", "--cpus", "2", "--duration", "10m", "--seed", "7");
        child.WaitForLine(l => l.StartsWith("hazardmm-torture: [hazard/x86]", StringComparison.Ordinal) && l.Contains("s: switches", StringComparison.Ordinal));
        child.Signal(signal);
        (int code, string output, string error) = child.Exit();

        Assert.Equal(130, code);
        Assert.Matches(@"SUCCESS hazard arch=x86 cpus=2 faults=none seed=7: .* \[interrupted\]", output);
        Assert.DoesNotContain(output.Split('\n'), l => l.Contains("[linus/", StringComparison.Ordinal) || l.StartsWith("SUCCESS linus", StringComparison.Ordinal));
        Assert.Contains($"hazardmm: SIG{signal}: stopping", error, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void SigintDuringExplore_StopsTheCase_PrintsTheSummary_AndExits130()
    {
        using var child = Child.Start("explore", "--scenario", "concurrent-exits", "--scheme", "hazard", "--model", "sc", "--iterations", "100000000", "--seed", "1");
        child.WaitForLine(l => l.StartsWith("hazardmm explore: 1 scenarios", StringComparison.Ordinal));
        child.Signal("INT");
        (int code, string output, _) = child.Exit();

        Assert.Equal(130, code);
        Assert.Contains("concurrent-exits/hazard/sc: ", output, StringComparison.Ordinal);
        Assert.Contains("CANCELLED", output, StringComparison.Ordinal);
        Assert.Contains("interrupted after 0 of 1 cases: 0 found a bug or did not finish", output, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void SigtermDuringTheKillMatrix_LeavesTheMatrixFileAlone_AndExits130()
    {
        string path = Path.Combine(Path.GetTempPath(), $"kill-matrix-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "a complete matrix\n");
        using var child = Child.Start(
            "mutants", "--kill-matrix", "--mutant", "hazptr-no-check", "--iterations", "10000000", "--counterexamples", "none", "--out", path);
        child.WaitForLine(l => l.StartsWith("counter-examples: none", StringComparison.Ordinal));
        child.Signal("TERM");
        (int code, string output, _) = child.Exit();

        Assert.Equal(130, code);
        Assert.Contains($"interrupted after 0 of 1 mutants: the partial matrix is above; {path} was not written", output, StringComparison.Ordinal);
        Assert.Equal("a complete matrix\n", File.ReadAllText(path));
        File.Delete(path);
    }

    /// <summary>The CLI built next to the tests, run with the same dotnet host, its output collected line by line.</summary>
    private sealed class Child : IDisposable
    {
        private readonly Process _process;
        private readonly BlockingCollection<string> _lines = [];
        private readonly ConcurrentQueue<string> _output = new();
        private readonly ConcurrentQueue<string> _error = new();

        private Child(Process process) => _process = process;

        public static Child Start(params string[] args)
        {
            var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hazardmm.dll"));
            foreach (string arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            var child = new Child(new Process { StartInfo = info });
            child._process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    child._output.Enqueue(e.Data);
                    child._lines.Add(e.Data);
                }
            };
            child._process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    child._error.Enqueue(e.Data);
                }
            };
            child._process.Start();
            child._process.BeginOutputReadLine();
            child._process.BeginErrorReadLine();
            return child;
        }

        public void WaitForLine(Func<string, bool> match)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < Guard)
            {
                if (_lines.TryTake(out string? line, TimeSpan.FromSeconds(1)) && match(line))
                {
                    return;
                }

                if (_process.HasExited)
                {
                    Assert.Fail($"hazardmm exited ({_process.ExitCode}) before the expected line: {string.Join(" | ", _output)} {string.Join(" | ", _error)}");
                }
            }

            Assert.Fail($"no expected line within {Guard}: {string.Join(" | ", _output)}");
        }

        public void Signal(string name)
        {
            Assert.False(
                IgnoredHere(name),
                $"SIG{name} is ignored by this test process (SigIgn in /proc/self/status), so hazardmm inherited that and cannot be stopped by it; run the tests from a shell that does not ignore it (not a background job of a script, not nohup)");
            using Process kill = Process.Start("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
            Assert.Equal(0, kill.ExitCode);
        }

        /// <summary>
        /// A signal this process ignores is ignored by its children too: exec keeps an ignored disposition,
        /// and .NET leaves one it inherited as it found it. A script's background job starts with SIGINT
        /// ignored, nohup with SIGHUP; `timeout` catches both, so its child starts with neither ignored.
        /// </summary>
        private static bool IgnoredHere(string name)
        {
            int number = name switch
            {
                "HUP" => 1,
                "INT" => 2,
                "TERM" => 15,
                _ => throw new ArgumentOutOfRangeException(nameof(name), name, "HUP, INT or TERM"),
            };
            string mask = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))["SigIgn:".Length..].Trim();
            return ((ulong.Parse(mask, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) >> (number - 1)) & 1) != 0;
        }

        public (int Code, string Output, string Error) Exit()
        {
            Assert.True(_process.WaitForExit(Guard), "hazardmm did not stop after the signal");
            _process.WaitForExit(); // drains the asynchronous readers
            return (_process.ExitCode, string.Join('\n', _output), string.Join('\n', _error));
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
            _lines.Dispose();
        }
    }
}

/// <summary>A fact that needs POSIX signals as Linux delivers them.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "POSIX signals: Linux only";
        }
    }
}

/// <summary>A theory that needs POSIX signals as Linux delivers them.</summary>
public sealed class LinuxTheoryAttribute : TheoryAttribute
{
    public LinuxTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "POSIX signals: Linux only";
        }
    }
}
