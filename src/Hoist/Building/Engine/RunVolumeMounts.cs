using Hoist.Content;
using Hoist.Execution;

namespace Hoist.Building.Engine;

/// <summary>
/// The mounts of one <c>hoist run</c>'s <c>-v</c> flags over its root filesystem: host paths bound in, named volumes
/// created on first use, seeded from the image when empty and held in use (<see cref="VolumeStore.Use"/>) while the
/// container runs, anonymous volumes made for the container and removed with it (docker run <c>--rm</c>). Disposing
/// releases them.
/// </summary>
internal sealed class RunVolumeMounts : IDisposable
{
    private readonly VolumeStore _store;
    private readonly List<FileLock> _held = [];
    private readonly List<NamedVolume> _anonymous = [];
    private readonly List<RuntimeMount> _mounts = [];

    private RunVolumeMounts(VolumeStore store) => _store = store;

    public IReadOnlyList<RuntimeMount> Mounts => _mounts;

    public static RunVolumeMounts Prepare(string stateRoot, IReadOnlyList<RunVolume> volumes, string rootfs)
    {
        var prepared = new RunVolumeMounts(new VolumeStore(stateRoot));
        try
        {
            foreach (var volume in volumes) prepared.Add(volume, rootfs);
            return prepared;
        }
        catch
        {
            prepared.Dispose();
            throw;
        }
    }

    private void Add(RunVolume volume, string rootfs)
    {
        if (volume.HostPath is { } host)
        {
            _mounts.Add(Bind(volume, host));
            return;
        }
        var named = volume.VolumeName is { } name ? _store.Create(name) : _store.CreateAnonymous();
        if (volume.VolumeName is null) _anonymous.Add(named);
        _held.Add(_store.Use(named));
        if (volume.CopyUp) VolumeStore.Seed(named, rootfs, volume.Target);
        _mounts.Add(Bind(volume, named.Mountpoint));
    }

    private static RuntimeMount Bind(RunVolume volume, string source) =>
        new(volume.Target, "bind", source, volume.ReadOnly ? ["rbind", "ro"] : ["rbind"]);

    public void Dispose()
    {
        foreach (var held in _held) held.Dispose();
        foreach (var anonymous in _anonymous) _store.TryRemove(anonymous);
    }
}
