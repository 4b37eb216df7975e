using LocalEntropy.IO;

namespace LocalEntropy.Deep.Data;

/// <summary>
/// Fashion-MNIST (28×28 grey images, 10 classes, 60 000 training and 10 000 test images) from its IDX files,
/// gzip-compressed or raw, normalised to zero mean and unit variance over the training set.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where the Debian package dataset-fashion-mnist installs the files.</summary>
    public const string DefaultFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>Mean and standard deviation of the training pixels scaled to [0, 1].</summary>
    private const float Mean = 0.2860f, Std = 0.3530f;

    /// <summary>
    /// Loads the training and test sets from <paramref name="folder"/>, keeping the first <paramref name="trainSize"/>
    /// and <paramref name="testSize"/> images when given.
    /// </summary>
    public static (Dataset Train, Dataset Test) Load(string folder, int? trainSize = null, int? testSize = null) =>
        (LoadSplit(folder, "train", trainSize), LoadSplit(folder, "t10k", testSize));

    private static Dataset LoadSplit(string folder, string prefix, int? keep)
    {
        if (keep is < 1) throw new ArgumentOutOfRangeException(nameof(keep), keep, "must keep at least one image");
        string imagesPath = Find(folder, $"{prefix}-images-idx3-ubyte");
        string labelsPath = Find(folder, $"{prefix}-labels-idx1-ubyte");
        IdxArray images = IdxFile.Read(imagesPath, 3);
        IdxArray labels = IdxFile.Read(labelsPath, 1);
        if (images.Dimensions[1] != 28 || images.Dimensions[2] != 28)
            throw new InstanceFormatException(imagesPath, 0, $"images are {images.Dimensions[1]}×{images.Dimensions[2]}, expected 28×28");
        if (images.Dimensions[0] != labels.Dimensions[0])
            throw new InstanceFormatException(labelsPath, 0, $"{labels.Dimensions[0]} labels for {images.Dimensions[0]} images in {imagesPath}");
        if (labels.Values.FirstOrDefault(l => l > 9) is > 9 and var bad)
            throw new InstanceFormatException(labelsPath, 0, $"label {bad} is not a class 0–9");
        int count = Math.Min(keep ?? int.MaxValue, images.Dimensions[0]);
        var pixels = new float[count * 784];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (images.Values[i] / 255f - Mean) / Std;
        return new Dataset(pixels, labels.Values[..count], 1, 28, 28, 10);
    }

    /// <summary>The gzip file if present, else the raw one; a missing file names the folder and the package.</summary>
    private static string Find(string folder, string name)
    {
        foreach (string candidate in new[] { name + ".gz", name })
        {
            string path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(
            $"{Path.Combine(folder, name)}(.gz) not found; install the Debian package dataset-fashion-mnist (scripts/setup does) or point --data at a folder with the IDX files");
    }
}
