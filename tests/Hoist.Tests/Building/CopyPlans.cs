using Hoist.Building.Context;
using Hoist.Building.Copy;
using Hoist.Dispatch;

namespace Hoist.Tests.Building;

/// <summary>Renders plans as short lines so copy tests read like the filesystem they describe.</summary>
internal static class CopyPlans
{
    public static CopyPlan Plan(ICopySource? source, CopyRequest request, CopyDestination? destination = null) =>
        new CopyPlanner(source, destination ?? CopyDestination.Empty).Plan(request);

    public static CopyRequest Copy(string destination, params string[] sources) =>
        new() { Sources = sources, Destination = destination };

    public static CopyRequest Add(string destination, params string[] sources) =>
        new() { IsAdd = true, Sources = sources, Destination = destination };

    public static string[] Lines(CopyPlan plan) => plan.Operations.Select(Line).ToArray();

    public static string Line(CopyOperation o)
    {
        var meta = $"{Octal(o.Mode)} {o.Uid}:{o.Gid}";
        return o.Kind switch
        {
            CopyOperationKind.Directory => $"dir {o.Destination} {meta}" + (o.KeepExisting ? " keep" : ""),
            CopyOperationKind.File => $"file {o.Destination} <- {o.SourcePath} {meta}",
            CopyOperationKind.Symlink => $"link {o.Destination} -> {o.LinkTarget} {o.Uid}:{o.Gid}",
            CopyOperationKind.Special => $"{o.SourceKind} {o.Destination} {meta}",
            CopyOperationKind.Inline => $"inline {o.Destination} {meta} \"{System.Text.Encoding.UTF8.GetString(o.InlineContent.Span)}\"",
            CopyOperationKind.ExtractArchive => $"extract {o.SourcePath} -> {o.Destination} {o.Uid}:{o.Gid}",
            CopyOperationKind.Download => $"download {o.Url} -> {o.Destination} {meta}" + (o.Unpack ? " unpack" : ""),
            CopyOperationKind.GitClone => $"git {o.Url} -> {o.Destination} keep-git-dir={o.KeepGitDir}",
            _ => throw new ArgumentOutOfRangeException(nameof(o)),
        };
    }

    public static string Octal(int mode) => Convert.ToString(mode, 8).PadLeft(4, '0');
}
