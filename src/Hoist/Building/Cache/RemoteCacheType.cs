namespace Hoist.Building.Cache;

/// <summary>Where a remote cache lives: a registry repository, or a local directory (an OCI layout) that CI systems
/// save and restore between runs.</summary>
public enum RemoteCacheType
{
    Registry,
    Local,
}
