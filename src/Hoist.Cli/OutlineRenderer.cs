using System.Text.Json;
using Hoist.Cli.Json;
using Hoist.Planning;

namespace Hoist.Cli;

/// <summary>Renders a <see cref="BuildPlan"/> for <c>hoist outline</c>, as text tables or JSON.</summary>
public static class OutlineRenderer
{
    public static string Describe(DependencyReason reason) => reason switch
    {
        DependencyReason.From => "FROM",
        DependencyReason.CopyFrom => "COPY --from",
        DependencyReason.RunMountFrom => "RUN --mount from",
        _ => reason.ToString(),
    };

    public static string Describe(StageBaseKind kind) => kind.ToString().ToLowerInvariant();

    public static string Describe(ArgValueSource source) => source switch
    {
        ArgValueSource.BuildArg => "build-arg",
        _ => source.ToString().ToLowerInvariant(),
    };

    public static OutlineDocument ToDocument(BuildPlan plan) => new(
        plan.Target.DisplayName,
        plan.BuildPlatform.ToString(),
        plan.TargetPlatform.ToString(),
        [.. plan.BuildOrder.Select(stage => ToStage(plan, stage))],
        [.. plan.Stages.Where(s => !plan.IsBuilt(s.Index)).Select(s => s.DisplayName)],
        [.. plan.GlobalArgs.Select(ToArg)],
        plan.UnusedBuildArgs,
        plan.Syntax);

    private static OutlineStage ToStage(BuildPlan plan, PlannedStage stage) => new(
        stage.Index,
        stage.Name,
        stage.BaseName,
        Describe(stage.BaseKind),
        stage.Platform.ToString(),
        stage.Index == plan.Target.Index,
        [.. stage.Dependencies.Select(d => new OutlineDependency(d.StageName, d.StageIndex, Describe(d.Reason), d.Line))],
        [.. stage.ExternalImages.Select(i => new OutlineImage(i.Reference, Describe(i.Reason), i.Line))],
        [.. stage.Args.Select(ToArg)],
        [.. stage.Secrets.Select(s => new OutlineSecret(s.Id, s.Required, s.Line))],
        [.. stage.CacheMounts.Select(c => new OutlineCacheMount(c.Id, c.Target, c.Sharing.ToString().ToLowerInvariant(), c.Line))],
        stage.Description);

    private static OutlineArg ToArg(ResolvedArg arg) =>
        new(arg.Name, arg.DefaultValue, arg.Value, arg.IsSet, Describe(arg.Source), arg.Line, arg.Description);

    public static void WriteJson(BuildPlan plan, TextWriter output) =>
        output.WriteLine(JsonSerializer.Serialize(ToDocument(plan), CliJsonContext.Default.OutlineDocument));

    public static void WriteText(BuildPlan plan, TextWriter output)
    {
        output.WriteLine($"TARGET:    {plan.Target.DisplayName}");
        output.WriteLine($"PLATFORM:  {plan.TargetPlatform}");
        if (plan.SyntaxNote is { } note) output.WriteLine(note);
        output.WriteLine();

        // Descriptions (from `# name description` comments) get a column only when the file has any.
        var described = plan.BuildOrder.Any(s => s.Description is not null);
        var stages = described ? new TextTable("STAGE", "BASE", "PLATFORM", "DEPENDS ON", "DESCRIPTION") : new TextTable("STAGE", "BASE", "PLATFORM", "DEPENDS ON");
        foreach (var stage in plan.BuildOrder)
        {
            var name = stage.Index == plan.Target.Index ? $"{stage.DisplayName} (target)" : stage.DisplayName;
            var needs = stage.Dependencies.Select(d => $"{d.StageName} ({Describe(d.Reason)}, line {d.Line})")
                .Concat(stage.ExternalImages.Select(i => $"image {i.Reference} ({Describe(i.Reason)}, line {i.Line})"))
                .ToList();
            var baseText = stage.BaseKind switch
            {
                StageBaseKind.Stage => $"stage {stage.BaseName}",
                StageBaseKind.Context => $"context {stage.BaseName}",
                _ => stage.BaseName,
            };
            string[] row = [name, baseText, stage.Platform.ToString(), needs.Count == 0 ? "-" : string.Join(", ", needs)];
            stages.Add(described ? [.. row, stage.Description ?? ""] : row);
        }
        stages.WriteTo(output);
        var skipped = plan.Stages.Where(s => !plan.IsBuilt(s.Index)).Select(s => s.DisplayName).ToList();
        if (skipped.Count > 0)
        {
            output.WriteLine($"skipped (not needed by {plan.Target.DisplayName}): {string.Join(", ", skipped)}");
        }
        output.WriteLine();

        var allArgs = plan.GlobalArgs.Select(a => (Arg: a, Stage: "(global)"))
            .Concat(plan.BuildOrder.SelectMany(s => s.Args.Select(a => (Arg: a, Stage: s.DisplayName)))).ToList();
        var argsDescribed = allArgs.Any(a => a.Arg.Description is not null);
        var args = argsDescribed
            ? new TextTable("BUILD ARG", "VALUE", "DEFAULT", "SOURCE", "STAGE", "DESCRIPTION")
            : new TextTable("BUILD ARG", "VALUE", "DEFAULT", "SOURCE", "STAGE");
        foreach (var (arg, stage) in allArgs)
        {
            string[] row = [arg.Name, arg.Value ?? "", arg.DefaultValue ?? "", Describe(arg.Source), stage];
            args.Add(argsDescribed ? [.. row, arg.Description ?? ""] : row);
        }
        WriteSection(args, output);

        var secrets = new TextTable("SECRET", "REQUIRED", "STAGE");
        foreach (var stage in plan.BuildOrder)
        {
            foreach (var secret in stage.Secrets)
            {
                secrets.Add(secret.Id, secret.Required ? "true" : "false", stage.DisplayName);
            }
        }
        WriteSection(secrets, output);

        var caches = new TextTable("CACHE MOUNT", "TARGET", "SHARING", "STAGE");
        foreach (var stage in plan.BuildOrder)
        {
            foreach (var cache in stage.CacheMounts)
            {
                caches.Add(cache.Id, cache.Target, cache.Sharing.ToString().ToLowerInvariant(), stage.DisplayName);
            }
        }
        WriteSection(caches, output);

        if (plan.UnusedBuildArgs.Count > 0)
        {
            output.WriteLine($"WARNING: build args not consumed by any ARG: {string.Join(", ", plan.UnusedBuildArgs)}");
        }
    }

    private static void WriteSection(TextTable table, TextWriter output)
    {
        if (table.RowCount == 0) return;
        table.WriteTo(output);
        output.WriteLine();
    }
}
