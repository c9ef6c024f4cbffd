using System.Runtime.InteropServices;

namespace Hoist.Posix;

/// <summary>
/// glibc malloc settings for the CLI process (Program.Main), made before anything allocates. zlib's deflate state (a few hundred KiB,
/// allocated and freed per compressed 1 MiB chunk, on whichever thread-pool thread deflates it) is above malloc's
/// mmap threshold, but glibc raises that threshold to the size of every mmapped block freed; from then on each
/// thread's arena keeps such blocks, and a build that compresses on several threads held 15-20 MB more at its peak
/// (bench S3 cold: 97-105 MB, 84-89 MB with the threshold fixed). A fixed threshold keeps large blocks mapped only
/// while used; the mmap and page faults that costs are ~0.1 ms against the ~10 ms deflate of a chunk.
/// </summary>
public static partial class MallocSettings
{
    private const int MmapThresholdOption = -3; // M_MMAP_THRESHOLD
    private const int MmapThreshold = 128 * 1024; // glibc's initial default, now kept

    public static void Apply()
    {
        if (OperatingSystem.IsLinux()) SetOption(MmapThresholdOption, MmapThreshold); // 0 (refused) changes nothing
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int SetOption(int option, int value);
}
