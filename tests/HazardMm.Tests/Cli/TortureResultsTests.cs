using HazardMm.Cli;
using static HazardMm.Tests.Cli.CliRun;

namespace HazardMm.Tests.Cli;

/// <summary><c>hazardmm torture --results DIR</c>: one folder per case with config, log and summary, as kvm.sh's res/.</summary>
public sealed class TortureResultsTests
{
    [Fact]
    public void Results_HoldOneFolderPerCase_WithConfigLogAndSummary()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"hazardmm-res-{Guid.NewGuid():N}");
        try
        {
            (int code, string output, _) = Run(["torture", "--scheme", "busted,refcount", "--arch", "arm64", "--cpus", "2", "--duration", "1200ms", "--seed", "3", "--results", dir]);
            Assert.Equal(1, code);
            string root = Assert.Single(Directory.GetDirectories(dir));
            string[] lines = Lines(output);
            Assert.Equal(lines.Where(l => l.StartsWith("SUCCESS ", StringComparison.Ordinal) || l.StartsWith("FAILURE ", StringComparison.Ordinal)).Append(lines[^1]),
                File.ReadAllLines(Path.Combine(root, "summary")));
            Assert.StartsWith("hazardmm-torture: total: 2 cases: 1 SUCCESS, 1 FAILURE", lines[^1], StringComparison.Ordinal);

            string[] cases = [.. Directory.GetDirectories(root).Select(Path.GetFileName).Order()!];
            Assert.Equal(["01-busted-arm64", "02-refcount-arm64"], cases);
            foreach ((string folder, string label) in new[] { ("01-busted-arm64", "[busted/arm64]"), ("02-refcount-arm64", "[refcount/arm64]") })
            {
                string path = Path.Combine(root, folder);
                Assert.Contains($"case: {label[1..^1]} cpus=2 faults=none seed=3", File.ReadAllText(Path.Combine(path, "config")), StringComparison.Ordinal);
                string summary = Assert.Single(File.ReadAllLines(Path.Combine(path, "summary")));
                Assert.Contains(summary, lines);
                string[] log = File.Exists(Path.Combine(path, "log")) ? File.ReadAllLines(Path.Combine(path, "log")) : [];
                Assert.Equal(lines.Where(l => l.StartsWith("hazardmm-torture: ", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal)), log);
            }

            Assert.Contains(File.ReadAllLines(Path.Combine(root, "01-busted-arm64", "log")), l => l.StartsWith("hazardmm-torture: !!! [busted/arm64]", StringComparison.Ordinal));
            Assert.Contains(File.ReadAllLines(Path.Combine(root, "01-busted-arm64", "log")), l => l.StartsWith("hazardmm-torture: flight [busted/arm64]: CPU ", StringComparison.Ordinal));

            // The failed case's reproduce command, as printed after its tag; none for the case that passed.
            string reproduce = Assert.Single(File.ReadAllLines(Path.Combine(root, "01-busted-arm64", "reproduce")));
            Assert.Contains($"{TortureReproduce.Tag} {reproduce}", lines);
            Assert.StartsWith("hazardmm torture --scheme busted --arch arm64 --cpus 2 --duration 1200ms --seed 3 ", reproduce, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(root, "02-refcount-arm64", "reproduce")));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public void Results_UnderAFile_IsBadInput_BeforeTheRun()
    {
        string file = Path.GetTempFileName();
        try
        {
            string line = AssertUsageError(Run(["torture", "--duration", "1h", "--results", file]));
            Assert.Contains("is a file, not a folder", line, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
