namespace Hoist.Dockerfile.Instructions;

public enum MountType { Bind, Cache, Tmpfs, Secret, Ssh }
