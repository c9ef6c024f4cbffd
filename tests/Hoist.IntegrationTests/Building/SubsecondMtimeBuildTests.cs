using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Posix;
using Hoist.Snapshots;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// Sub-second mtimes as BuildKit v0.25 (docker 28.5.2) keeps them: a RUN after a COPY sees the copied files' nanoseconds
/// (<c>stat -c %y</c> prints 2023-11-14 22:13:20.123456789 for a context file touched so), and so does a RUN after a
/// COPY from, or with a mount of, an image whose layer carries them in PAX records; every layer the build writes holds
/// whole seconds, truncated (1700000001.987654321 is 1700000001), without a PAX mtime record. <c>-o type=local</c> keeps
/// the nanoseconds; <c>-o type=tar</c> rounds to the nearest second (1700000001.987654321 is 1700000002).
/// </summary>
public sealed class SubsecondMtimeBuildTests
{
    [RootFact]
    public void A_run_after_a_copy_sees_the_nanoseconds_and_the_layers_hold_whole_seconds()
    {
        using var store = new BuildStore();
        var context = store.NewContext(("a.txt", "a\n"), ("dir/b.txt", "b\n"), ("Dockerfile", """
            FROM hoist-fixtures/busybox:latest
            COPY a.txt /x/
            COPY dir /x/dir
            RUN stat -c '%n %y' /x/a.txt /x/dir/b.txt /x/dir && touch -r /x/a.txt /x/run.txt
            """));
        Native.SetModificationTime(Path.Combine(context, "a.txt"), 1_700_000_000, 123_456_789);
        Native.SetModificationTime(Path.Combine(context, "dir", "b.txt"), 1_700_000_001, 987_654_321);
        Native.SetModificationTime(Path.Combine(context, "dir"), 1_700_000_001, 987_654_321);

        var local = Path.Combine(context, "..", $"{Guid.NewGuid():N}");
        var tar = local + ".tar";

        var (log, _) = PlainBuild.Run(store, context, "-t", "t/ns", "-o", $"type=local,dest={local}", "-o", $"type=tar,dest={tar}");

        Assert.Contains(" /x/a.txt 2023-11-14 22:13:20.123456789 +0000\n", log);
        Assert.Contains(" /x/dir/b.txt 2023-11-14 22:13:21.987654321 +0000\n", log);
        Assert.Contains(" /x/dir 2023-11-14 22:13:21.987654321 +0000\n", log);
        var times = LayerTimes(store, "t/ns", 3);
        Assert.Equal(1_700_000_000, times["x/a.txt"]);
        Assert.Equal(1_700_000_001, times["x/dir/b.txt"]);
        Assert.Equal(1_700_000_001, times["x/dir"]);
        Assert.Equal(1_700_000_000, times["x/run.txt"]);
        Assert.Equal((1_700_000_001L, 987_654_321u), Mtime(Path.Combine(local, "x", "dir", "b.txt")));
        Assert.Equal((1_700_000_000L, 123_456_789u), Mtime(Path.Combine(local, "x", "run.txt")));
        var exported = TarTimes(File.OpenRead(tar));
        Assert.Equal([1_700_000_000, 1_700_000_002, 1_700_000_002, 1_700_000_000],
            new[] { "x/a.txt", "x/dir", "x/dir/b.txt", "x/run.txt" }.Select(name => exported[name]));
    }

    private static (long Seconds, uint Nanoseconds) Mtime(string path)
    {
        var status = Native.LStat(path)!.Value;
        return (status.MtimeSeconds, status.MtimeNanoseconds);
    }

    [RootFact]
    public void An_image_layer_with_nanosecond_pax_times_keeps_them_when_mounted_and_copied()
    {
        using var store = new BuildStore();
        var context = store.NewContext(("p/f.txt", "p\n"), ("Dockerfile", """
            FROM hoist-fixtures/busybox:latest
            RUN --mount=from=t/pax,target=/m stat -c 'mounted %y' /m/p/f.txt
            COPY --from=t/pax /p /q
            RUN stat -c 'copied %y' /q/f.txt
            """));
        Native.SetModificationTime(Path.Combine(context, "p", "f.txt"), 1_700_000_000, 250_000_001);
        var archive = Path.Combine(context, "..", $"{Guid.NewGuid():N}.tar");
        HostCommand.Run("tar", "--format=pax", "-C", context, "-cf", archive, "p");
        Assert.Equal(0, store.Hoist("import", archive, "t/pax").ExitCode);

        var (log, _) = PlainBuild.Run(store, context, "-t", "t/copied");

        Assert.Contains(" mounted 2023-11-14 22:13:20.250000001 +0000\n", log);
        Assert.Contains(" copied 2023-11-14 22:13:20.250000001 +0000\n", log);
        Assert.Equal(1_700_000_000, LayerTimes(store, "t/copied", 2)["q/f.txt"]);
    }

    /// <summary>The mtimes in the last <paramref name="count"/> layers of an image, by path; none may have a sub-second
    /// part or a PAX mtime record.</summary>
    private static Dictionary<string, long> LayerTimes(BuildStore store, string image, int count)
    {
        var content = ContentStore.Open(store.Root);
        SnapshotLayers.AttachTo(content);
        var layers = content.ResolveImageAsync(image).GetAwaiter().GetResult().Manifest.Manifest.Layers;
        return layers.TakeLast(count).SelectMany(l => TarTimes(LayerCompressionCodec.OpenRead(content.OpenRead(l.Digest), leaveOpen: false)))
            .ToDictionary(StringComparer.Ordinal);
    }

    /// <summary>The mtimes in a tar by path; none may have a sub-second part or a PAX mtime record.</summary>
    private static Dictionary<string, long> TarTimes(Stream input)
    {
        var tar = new MemoryStream();
        using (input) input.CopyTo(tar);
        Assert.DoesNotContain("mtime=", System.Text.Encoding.Latin1.GetString(tar.ToArray()), StringComparison.Ordinal);
        tar.Position = 0;
        using var reader = new TarArchiveReader(tar);
        var times = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.ReadNext() is { } entry)
        {
            Assert.Equal(0u, entry.ModificationTimeNanoseconds);
            times[entry.Name] = entry.ModificationTime;
        }
        return times;
    }
}
