using System.Buffers.Binary;
using System.IO.Compression;
using LocalEntropy.Deep.Data;
using LocalEntropy.IO;

namespace LocalEntropy.Deep.Tests;

public class IdxFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lent-idx-").FullName;

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    private static byte[] Idx(byte type, int[] sizes, int values)
    {
        var bytes = new byte[4 + 4 * sizes.Length + values];
        bytes[2] = type;
        bytes[3] = (byte)sizes.Length;
        for (int d = 0; d < sizes.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), sizes[d]);
        for (int i = 0; i < values; i++) bytes[4 + 4 * sizes.Length + i] = (byte)i;
        return bytes;
    }

    private string Write(string name, byte[] bytes, bool gzip = false)
    {
        string path = Path.Combine(_folder, name);
        if (gzip)
        {
            using var file = File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_ValidFile_GivesDimensionsAndValues(bool gzip)
    {
        IdxArray a = IdxFile.Read(Write("ok", Idx(0x08, [2, 3, 4], 24), gzip), 3);
        Assert.Equal([2, 3, 4], a.Dimensions);
        Assert.Equal(24, a.Values.Length);
        Assert.Equal(23, a.Values[^1]);
    }

    public static TheoryData<string, byte[], string> Corrupt() => new()
    {
        { "truncated values", Idx(0x08, [2, 3, 4], 24)[..^5], "truncated" },
        { "extra values", [.. Idx(0x08, [2, 3, 4], 24), 0, 0], "bytes after" },
        { "foreign magic", [0x50, 0x4b, 3, 4, .. new byte[40]], "not an IDX file" },
        { "float values", Idx(0x0D, [2, 3, 4], 24), "not unsigned byte" },
        { "labels for images", Idx(0x08, [24], 24), "1 dimensions, expected 3" },
        { "truncated header", Idx(0x08, [2, 3, 4], 24)[..9], "truncated IDX header" },
        { "zero size", Idx(0x08, [0, 3, 4], 0), "size 0" },
        { "empty", [], "not an IDX file" },
    };

    [Theory]
    [MemberData(nameof(Corrupt))]
    public void Read_CorruptFile_IsRejectedWithTheProblem(string name, byte[] bytes, string problem)
    {
        var e = Assert.Throws<InstanceFormatException>(() => IdxFile.Read(Write(name, bytes), 3));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DamagedGzip_IsRejected()
    {
        string path = Write("images.gz", Idx(0x08, [2, 3, 4], 24), gzip: true);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.ThrowsAny<InstanceFormatException>(() => IdxFile.Read(path, 3));
        Assert.Contains("images.gz", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FashionMnist_LabelCountDiffersFromImages_IsRejected()
    {
        foreach (string prefix in new[] { "train", "t10k" })
        {
            Write($"{prefix}-images-idx3-ubyte", Idx(0x08, [3, 28, 28], 3 * 784));
            Write($"{prefix}-labels-idx1-ubyte", Idx(0x08, [2], 2));
        }
        var e = Assert.Throws<InstanceFormatException>(() => FashionMnist.Load(_folder));
        Assert.Contains("2 labels for 3 images", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FashionMnist_MissingFiles_NamesThePackage()
    {
        var e = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(_folder));
        Assert.Contains("dataset-fashion-mnist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FashionMnist_InstalledPackage_LoadsSubsetsNormalised()
    {
        if (!Directory.Exists(FashionMnist.DefaultFolder)) return;
        (Dataset train, Dataset test) = FashionMnist.Load(FashionMnist.DefaultFolder, 1000, 300);
        Assert.Equal(1000, train.Count);
        Assert.Equal(300, test.Count);
        Assert.Equal(784, train.ImageSize);
        Assert.InRange(train.Pixels.Average(), -0.1, 0.1);
        Assert.Equal(10, train.Labels.Distinct().Count());
    }
}
