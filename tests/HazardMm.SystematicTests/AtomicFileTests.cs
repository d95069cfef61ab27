using HazardMm.Systematic;

namespace HazardMm.SystematicTests;

/// <summary>An atomic write replaces the whole file and leaves no temporary file behind.</summary>
public sealed class AtomicFileTests
{
    [Fact]
    public void AWrite_ReplacesTheFile_AndLeavesNothingElse()
    {
        string folder = Directory.CreateTempSubdirectory("hazardmm-atomic-").FullName;
        try
        {
            string path = Path.Combine(folder, "kill-matrix.txt");
            AtomicFile.WriteAllText(path, "complete\nmatrix\n");
            AtomicFile.WriteAllText(path, "newer");

            Assert.Equal("newer", File.ReadAllText(path));
            Assert.Equal([path], Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AWriteThatFails_LeavesTheOldFileWhole()
    {
        string folder = Directory.CreateTempSubdirectory("hazardmm-atomic-").FullName;
        try
        {
            // The target is a directory: the rename fails after the text was written to the temporary file.
            string path = Path.Combine(folder, "taken");
            Directory.CreateDirectory(path);
            File.WriteAllText(Path.Combine(path, "inside"), "old");

            Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllText(path, "partial"));

            Assert.Equal("old", File.ReadAllText(Path.Combine(path, "inside")));
            Assert.Equal([path], Directory.GetFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
