namespace Hoist.Building.Engine;

/// <summary>A named volume (<c>hoist run -v NAME:/path</c>, <c>hoist volume create</c>): a directory under the state
/// directory that outlives the containers using it, as docker's <c>local</c> driver keeps one.</summary>
/// <param name="Mountpoint">the directory mounted into containers (<c>&lt;root&gt;/volumes/NAME/_data</c>).</param>
/// <param name="Anonymous">made for one container (<c>-v /path</c>), what <c>hoist volume prune</c> removes without <c>-a</c>.</param>
public sealed record NamedVolume(string Name, string Mountpoint, DateTimeOffset CreatedAt, bool Anonymous = false);
