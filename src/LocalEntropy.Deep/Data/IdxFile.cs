using System.Buffers.Binary;
using System.IO.Compression;
using LocalEntropy.IO;

namespace LocalEntropy.Deep.Data;

/// <summary>An unsigned-byte array read from an IDX file: its dimensions and its values in row-major order.</summary>
public sealed record IdxArray(int[] Dimensions, byte[] Values);

/// <summary>
/// Reads IDX files (the MNIST format), gzip-compressed or raw: magic number 0x0000TTDD (type TT, DD dimensions),
/// DD big-endian int32 sizes, then the values. Only unsigned bytes (type 0x08) occur in image data sets.
/// </summary>
public static class IdxFile
{
    private const byte UnsignedByte = 0x08;

    /// <summary>
    /// Reads <paramref name="path"/>, which must hold an unsigned-byte array of <paramref name="dimensions"/>
    /// dimensions; a foreign, truncated or overlong file is an <see cref="InstanceFormatException"/> naming the problem.
    /// </summary>
    public static IdxArray Read(string path, int dimensions)
    {
        byte[] bytes;
        try
        {
            bytes = Decompress(File.ReadAllBytes(path));
        }
        catch (InvalidDataException e)
        {
            throw new InstanceFormatException(path, 0, $"not a valid gzip file ({e.Message})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InstanceFormatException(path, 0, $"cannot read: {e.Message}");
        }
        return Parse(path, bytes, dimensions);
    }

    /// <summary>Parses the bytes of an IDX file (already decompressed); <paramref name="path"/> only names it in errors.</summary>
    public static IdxArray Parse(string path, ReadOnlySpan<byte> bytes, int dimensions)
    {
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw new InstanceFormatException(path, 0, "not an IDX file (the magic number does not start with two zero bytes)");
        if (bytes[2] != UnsignedByte)
            throw new InstanceFormatException(path, 0, $"IDX value type 0x{bytes[2]:x2} is not unsigned byte (0x08)");
        if (bytes[3] != dimensions)
            throw new InstanceFormatException(path, 0, $"IDX array has {bytes[3]} dimensions, expected {dimensions} (magic 0x{0x800 + dimensions:x8})");
        int header = 4 + 4 * dimensions;
        if (bytes.Length < header) throw new InstanceFormatException(path, 0, "truncated IDX header");
        var sizes = new int[dimensions];
        long total = 1;
        for (int d = 0; d < dimensions; d++)
        {
            sizes[d] = BinaryPrimitives.ReadInt32BigEndian(bytes[(4 + 4 * d)..]);
            if (sizes[d] <= 0) throw new InstanceFormatException(path, 0, $"IDX dimension {d} has size {sizes[d]}");
            total *= sizes[d];
        }
        long present = bytes.Length - header;
        if (present < total) throw new InstanceFormatException(path, 0, $"truncated: the header promises {total} values, the file holds {present}");
        if (present > total) throw new InstanceFormatException(path, 0, $"{present - total} bytes after the {total} values the header promises");
        return new IdxArray(sizes, bytes[header..].ToArray());
    }

    /// <summary>Gunzips <paramref name="bytes"/> when they start with the gzip magic number, else returns them.</summary>
    private static byte[] Decompress(byte[] bytes)
    {
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b) return bytes;
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
