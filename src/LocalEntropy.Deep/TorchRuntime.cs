using System.Runtime.InteropServices;
using TorchSharp;

namespace LocalEntropy.Deep;

/// <summary>
/// Loads LibTorch once, with OpenMP told not to busy-wait and a given thread count; a failed native load becomes a
/// <see cref="TorchUnavailableException"/> that names the real cause.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static readonly string[] LibStdCxxPaths = ["/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6"];
    private static bool _loaded;

    /// <summary>
    /// Loads LibTorch (first call only) and sets the number of intra-op threads. OMP_WAIT_POLICY=PASSIVE is set
    /// unless the environment already says otherwise: on a shared machine OpenMP's spinning threads starve each other.
    /// </summary>
    public static void Initialize(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        lock (Gate)
        {
            if (!_loaded)
            {
                // OpenMP reads its environment when LibTorch loads, from the C environment rather than .NET's copy.
                if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) _ = setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
                try
                {
                    torch.InitializeDeviceType(DeviceType.CPU);
                }
                catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException or BadImageFormatException)
                {
                    throw new TorchUnavailableException(Diagnose(), e);
                }
                _loaded = true;
            }
            torch.set_num_threads(threads);
        }
    }

    /// <summary>
    /// TorchSharp reports any native load failure as a missing package reference; the usual cause on Debian 12 is a
    /// libstdc++ older than its glue library needs.
    /// </summary>
    private static string Diagnose()
    {
        const string needed = "GLIBCXX_3.4.32";
        string? libstdcxx = LibStdCxxPaths.FirstOrDefault(File.Exists);
        if (libstdcxx is not null && !FileContains(libstdcxx, needed))
        {
            return $"LibTorch cannot load: TorchSharp's glue library needs {needed} but {libstdcxx} lacks it (Debian 12 stops at 3.4.30); "
                + "run scripts/setup, which installs libstdc++6 from Debian trixie (pinned low; it upgrades libc6)";
        }
        return "LibTorch cannot load its native libraries; run scripts/setup and check 'ldd' on libLibTorchSharp.so in the output folder";
    }

    private static bool FileContains(string path, string text)
    {
        byte[] bytes = File.ReadAllBytes(path);
        return bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(text)) >= 0;
    }

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int setenv(string name, string value, int overwrite);
}

/// <summary>LibTorch's native libraries could not be loaded; the message says why and how to fix it.</summary>
public sealed class TorchUnavailableException(string message, Exception inner) : Exception(message, inner);
