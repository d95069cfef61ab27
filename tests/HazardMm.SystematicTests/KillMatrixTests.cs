using System.Collections.Concurrent;
using HazardMm.Mutants;
using HazardMm.Systematic;
using Xunit.Abstractions;

namespace HazardMm.SystematicTests;

/// <summary>
/// Every mutant of the catalogue under Coyote with every registered memory model and a short torture run: each must be
/// killed by Coyote with its expected failure (deterministically: the torture column is shown but not
/// relied on), or carry the argument that it is correct or the property HazardMm does not model that
/// it breaks, and then nothing may kill it; either way every iteration must run to its end
/// (<see cref="KillRow.Outcome"/>). Races beyond the CI budget are killed by replaying their stored
/// counter-example (CounterExamples/, see <see cref="KillMatrix"/>), and their verdict says so.
/// The matrix (mutant × technique → iterations to the first bug, or "none in N it"; the stored
/// replays; the verdict) is printed per row and written, whole with its summary, to kill-matrix.txt
/// in the test output folder when the class finishes.
/// </summary>
public sealed class KillMatrixTests(ITestOutputHelper output, KillMatrixTests.MatrixFile matrix) : IClassFixture<KillMatrixTests.MatrixFile>
{
    /// <summary>The CI budget: per scenario and model, seeded; the long command spends far more.</summary>
    public static readonly KillMatrixBudget Budget = new(Iterations: 150, TortureDuration: TimeSpan.FromSeconds(1), Seed: 20261126);

    public static TheoryData<string> Mutants => [.. MutantCatalog.All.Select(m => m.Name)];

    [Fact]
    public void TheCatalogue_HasAtLeastFortyMutants_WithUniqueNames_AndAKnownSchemeEach()
    {
        Assert.True(MutantCatalog.All.Count >= 40, $"{MutantCatalog.All.Count} mutants");
        Assert.Equal(MutantCatalog.All.Count, MutantCatalog.All.Select(m => m.Name).Distinct().Count());
        Assert.Equal(MutantCatalog.All.Count, MutantCatalog.All.Select(m => m.Id).Distinct().Count());
        Assert.All(MutantCatalog.All, m => Assert.Contains(m.Scheme, HazardMm.Schemes.SchemeRegistry.Real.Select(d => d.Name)));
        Assert.Equal(Enum.GetValues<MutantId>().Length - 1, MutantCatalog.All.Count);
    }

    [Theory]
    [MemberData(nameof(Mutants))]
    public void Mutant_IsKilledByOneTechnique_OrShownCorrect(string name)
    {
        Assert.True(MutantCatalog.TryFind(name, out Mutant mutant));
        KillRow row = KillMatrix.Run(mutant, Budget, Path.Combine(AppContext.BaseDirectory, "CounterExamples"));
        matrix.Add(row);
        output.WriteLine(KillMatrix.Header());
        output.WriteLine(KillMatrix.FormatRow(row));
        foreach (KillCell cell in row.Coyote.Append(row.Torture).Where(c => c.IsKilled))
        {
            output.WriteLine($"  {cell.Where}: {cell.Bug}");
        }

        Assert.True(row.Accounted, $"{name}: {row.Verdict}");
    }

    /// <summary>Collects the rows of one run and writes the whole matrix once every row is in.</summary>
    public sealed class MatrixFile : IDisposable
    {
        private readonly ConcurrentDictionary<string, KillRow> _rows = new();

        public void Add(KillRow row) => _rows[row.Mutant.Name] = row;

        public void Dispose()
        {
            if (_rows.IsEmpty)
            {
                return;
            }

            IEnumerable<KillRow> ordered = MutantCatalog.All.Where(m => _rows.ContainsKey(m.Name)).Select(m => _rows[m.Name]);
            AtomicFile.WriteAllText(Path.Combine(AppContext.BaseDirectory, "kill-matrix.txt"), KillMatrix.Format(ordered));
        }
    }
}
