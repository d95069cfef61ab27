using HazardMm.Cli;

namespace HazardMm.Tests.Cli;

public sealed class OutputPathsTests
{
    [Fact]
    public void AFolderNotYetThere_IsFine_WhenItsParentIsWritable()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"hazardmm-{Guid.NewGuid():N}", "traces");
        Assert.Null(OutputPaths.CheckWritableFolder(folder, "--traces"));
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void AFileWhereAFolderShouldBe_IsAProblem_AndTheOtherWayRound()
    {
        string file = Path.GetTempFileName();
        Assert.Contains("is a file, not a folder", OutputPaths.CheckWritableFolder(file, "--traces"), StringComparison.Ordinal);
        Assert.Contains($"'{file}' is a file", OutputPaths.CheckWritableFolder(Path.Combine(file, "sub"), "--traces"), StringComparison.Ordinal);
        Assert.Contains("is a folder, not a file", OutputPaths.CheckWritableFile(Path.GetTempPath(), "--out"), StringComparison.Ordinal);
        File.Delete(file);
    }
}
