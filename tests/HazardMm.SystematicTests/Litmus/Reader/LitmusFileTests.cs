using System.Text.RegularExpressions;
using HazardMm.Systematic.Litmus;

namespace HazardMm.SystematicTests.Litmus.Reader;

/// <summary>
/// The project's own litmus files under <c>Litmus/Files/</c>: each malformed or unsupported one carries
/// the error it must give in a comment (<c>Expect: LINE: MESSAGE</c>), and <see cref="LitmusReader.Read"/>
/// gives exactly that; every file that cannot be read at all fails at line 0.
/// </summary>
public sealed partial class LitmusFileTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Litmus", "Files");

    public static TheoryData<string> MalformedFiles => Names("malformed");

    public static TheoryData<string> UnsupportedFiles => Names("unsupported");

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void MalformedFileGivesTheErrorItExpects(string name) => AssertExpected(Path.Combine(Folder, "malformed", name), unsupported: false);

    [Theory]
    [MemberData(nameof(UnsupportedFiles))]
    public void UnsupportedFileGivesTheConstructItExpects(string name) => AssertExpected(Path.Combine(Folder, "unsupported", name), unsupported: true);

    [Fact]
    public void EveryConstructFileReads()
    {
        string path = Path.Combine(Folder, "supported", "every-construct.litmus");

        LitmusFile file = LitmusReader.Read(path);

        Assert.Equal(path, file.Path);
        Assert.Equal("every-construct+of+the+reader", file.Name);
        Assert.Equal(LitmusExpectation.Sometimes, file.Expected);
        Assert.Equal(["x", "y", "v", "z"], file.Locations);
        Assert.Equal(new Dictionary<string, long> { ["x"] = 1, ["y"] = 2, ["v"] = 3, ["z"] = -4 }, file.Initial);
        Assert.Equal(12, file.Processes[0].Body.Count);
        Assert.Equal(17, file.Processes[1].Body.Count);
        Assert.Equal(["x", "y", "0:r3", "1:r10"], file.ShownLocations);
        Assert.NotNull(file.Filter);
    }

    [Fact]
    public void MissingFileFailsAtLineZero() =>
        AssertUnreadable(Path.Combine(Folder, "no-such.litmus"), "no such file");

    [Fact]
    public void DirectoryFailsAtLineZero() =>
        AssertUnreadable(Folder, "is a directory, not a litmus file");

    [Fact]
    public void EmptyPathFailsAtLineZero() =>
        AssertUnreadable("", "cannot be read: ");

    [Fact]
    public void DeviceIsNeverOpened()
    {
        if (OperatingSystem.IsLinux())
        {
            AssertUnreadable("/dev/zero", "is empty or not a regular file");
        }
    }

    [Fact]
    public void EmptyAndNonUtf8AndOversizedFilesFailAtLineZero()
    {
        string folder = Directory.CreateTempSubdirectory("litmus-reader-").FullName;
        try
        {
            string empty = Path.Combine(folder, "empty.litmus");
            File.WriteAllBytes(empty, []);
            AssertUnreadable(empty, "is empty or not a regular file");

            string latin1 = Path.Combine(folder, "latin1.litmus");
            File.WriteAllBytes(latin1, [(byte)'C', (byte)' ', 0xE9, (byte)'\n']);
            AssertUnreadable(latin1, "is not UTF-8 text");

            string huge = Path.Combine(folder, "huge.litmus");
            File.WriteAllBytes(huge, new byte[(1 << 20) + 1]);
            AssertUnreadable(huge, $"is {(1 << 20) + 1} bytes; a litmus file is at most {1 << 20} bytes");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void AssertExpected(string path, bool unsupported)
    {
        Match expect = ExpectPattern().Match(File.ReadAllText(path));
        Assert.True(expect.Success, $"{path} has no 'Expect: LINE: MESSAGE' comment");

        var error = Assert.Throws<LitmusFormatException>(() => LitmusReader.Read(path));

        Assert.Equal(unsupported, error.Unsupported);
        Assert.Equal($"{path}:{expect.Groups[1].Value}", error.Message);
    }

    private static void AssertUnreadable(string path, string problemStart)
    {
        var error = Assert.Throws<LitmusFormatException>(() => LitmusReader.Read(path));

        Assert.False(error.Unsupported);
        Assert.Equal(0, error.Line);
        Assert.StartsWith($"{path}:0: {problemStart}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static TheoryData<string> Names(string folder) =>
        [.. Directory.GetFiles(Path.Combine(Folder, folder), "*.litmus").Select(file => Path.GetFileName(file)).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"Expect: (\d+: .*?)(?: \*\))?$", RegexOptions.Multiline)]
    private static partial Regex ExpectPattern();
}
