using System.Text.Json.Nodes;
using Hoist.Content;

namespace Hoist.IntegrationTests.Conformance;

/// <summary>
/// One temporary hoist state directory shared by every conformance case: the fixture root filesystems imported under
/// the names the cases use (as `docker import` does, no config), and tests/conformance/parents built on demand. Cases
/// only add their own result image, so sharing is safe; every case builds with --no-cache.
/// </summary>
public sealed class ConformanceStore : IDisposable
{
    private const string Busybox = ConformanceCase.FixtureRegistry + "/hoist-fixtures/busybox:latest";
    private const string DebianGcc = ConformanceCase.FixtureRegistry + "/hoist-fixtures/debian-gcc:bookworm";
    private const string ParentPrefix = ConformanceCase.FixtureRegistry + "/hoist-conformance/";

    private readonly HashSet<string> _images = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SavedImage> _saved = new(StringComparer.Ordinal);
    private readonly string _scratch;

    public ConformanceStore()
    {
        Root = Directory.CreateTempSubdirectory("hoist-conformance-store-").FullName;
        _scratch = Directory.CreateTempSubdirectory("hoist-conformance-work-").FullName;
    }

    public string Root { get; }

    public HoistProcess.Result Hoist(params string[] args) => HoistProcess.Run(["--root", Root, .. args], timeout: TimeSpan.FromMinutes(5));

    /// <summary>Makes sure the store holds a fixture or parent image named as the cases name it.</summary>
    public void EnsureImage(string reference)
    {
        if (_images.Contains(reference)) return;
        if (reference == Busybox) Import(Path.Combine(FixtureImagesDirectory(gcc: false), "busybox-rootfs.tar"), reference);
        else if (reference == DebianGcc) Import(Path.Combine(FixtureImagesDirectory(gcc: true), "debian-gcc-rootfs.tar"), reference);
        else if (reference.StartsWith(ParentPrefix, StringComparison.Ordinal)) BuildParent(reference);
        else throw new InvalidOperationException($"conformance cases may only use the fixture images and parents, not {reference}");
        _images.Add(reference);
    }

    /// <summary>The configs of every fixture and parent image in the store: the bases a result may rest on.</summary>
    public IReadOnlyDictionary<string, JsonObject> BaseCandidates()
    {
        var store = ContentStore.Open(Root);
        return _images.ToDictionary(r => r, r =>
            JsonNode.Parse(store.ResolveImageAsync(r).GetAwaiter().GetResult().Config.Bytes)!.AsObject(), StringComparer.Ordinal);
    }

    /// <summary>`hoist save --format docker` of an image, extracted; fixture and parent images are saved once.</summary>
    public SavedImage Save(string reference)
    {
        if (_saved.TryGetValue(reference, out var saved)) return saved;
        var archive = Path.Combine(_scratch, Guid.NewGuid().ToString("N") + ".tar");
        var result = Hoist("save", "--format", "docker", "-o", archive, reference);
        if (result.ExitCode != 0) throw new InvalidOperationException($"hoist save {reference}: {result.Stderr}");
        try
        {
            saved = new SavedImage(archive);
        }
        finally
        {
            File.Delete(archive);
        }
        if (_images.Contains(reference)) _saved[reference] = saved;
        return saved;
    }

    public bool IsShared(SavedImage image) => _saved.ContainsValue(image);

    private static string FixtureImagesDirectory(bool gcc) => Building.FixtureImages.CacheDirectory(gcc);

    private void Import(string tar, string reference)
    {
        var result = Hoist("import", tar, reference);
        if (result.ExitCode != 0) throw new InvalidOperationException($"hoist import {tar} {reference}: {result.Stderr}");
    }

    private void BuildParent(string reference)
    {
        var name = reference[ParentPrefix.Length..].Split(':')[0];
        var directory = Path.Combine(ConformanceCase.CorpusDirectory, "parents", name);
        foreach (var image in File.ReadAllLines(Path.Combine(directory, "Dockerfile"))
                     .Where(l => l.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase))
                     .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])
                     .Where(i => i.StartsWith(ConformanceCase.FixtureRegistry + "/", StringComparison.Ordinal)))
        {
            EnsureImage(image);
        }
        var result = Hoist("build", "--no-cache", "--progress", "plain", "-t", reference, directory);
        if (result.ExitCode != 0) throw new InvalidOperationException($"hoist build parents/{name}: {result.Stderr}");
    }

    public void Dispose()
    {
        foreach (var saved in _saved.Values) saved.Dispose();
        foreach (var directory in new[] { Root, _scratch })
        {
            var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4])
                .Where(m => m.StartsWith(directory + "/", StringComparison.Ordinal)).OrderByDescending(m => m.Length);
            foreach (var mount in mounts) BusyboxRootfs.Run("umount", "-l", mount);
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
