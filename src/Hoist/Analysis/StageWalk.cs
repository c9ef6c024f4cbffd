namespace Hoist.Analysis;

/// <summary>What a left-behind report needs of one stage image: its merged filesystem, the packages in it and the
/// compilers and package managers it has. Made ahead of the report when the stage is built before the rest of the
/// build (see <see cref="LeftBehind.WalkStageAsync"/>).</summary>
public sealed record StageWalk(MergedFileSystem FileSystem, IReadOnlyList<SoftwarePackage> Packages, IReadOnlyList<string> Tools);
