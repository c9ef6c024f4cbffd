namespace Hoist.Building.Cache;

/// <summary>Which entries <c>--cache-to</c> exports: <see cref="Min"/> those of the final image's stages (the default,
/// as in BuildKit), <see cref="Max"/> those of every stage built.</summary>
public enum RemoteCacheMode
{
    Min,
    Max,
}
