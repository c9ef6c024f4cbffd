using Hoist.Dockerfile.Instructions;

namespace Hoist.Checks;

/// <summary>
/// HoistDevDependenciesInFinalStage (multi-stage, target is the last stage): JavaScript or PHP dependencies reach the
/// final stage with their development packages, either installed there without a production flag, or copied
/// (<c>node_modules</c>, <c>vendor</c>) from a stage that installed them without one and never pruned them.
/// </summary>
internal static class DevDependenciesRule
{
    private static readonly string[] ProductionFlags = ["--production", "--omit=dev", "--only=prod", "--only=production", "--prod", "-P", "--no-dev"];

    public static void Check(HoistCheckInput input, FindingSink sink)
    {
        if (!input.ShipsMultiStage) return;
        var final = input.Target;
        foreach (var (line, text) in ShellText.Runs(final))
        {
            if (DevInstall(final, input, text) is { } tool) Report(line, $"The final stage runs {tool} without a production-only flag: development dependencies ship in the image", tool, sink);
        }
        foreach (var line in final.Commands)
        {
            if (line.Instruction is not CopyInstruction { From: { } from } copy) continue;
            if (!copy.Sources.Any(s => s.Contains("node_modules", StringComparison.Ordinal) || s.TrimEnd('/').EndsWith("/vendor", StringComparison.Ordinal))) continue;
            if (DockerfileChecker.Find(input.Stages, from) is not { } index) continue;
            var source = input.Stages[index];
            var tool = Chain(input, source).SelectMany(s => ShellText.Runs(s).Select(r => DevInstall(s, input, r.Text))).FirstOrDefault(t => t is not null);
            if (tool is null || Chain(input, source).Any(s => ShellText.Runs(s).Any(r => Prunes(r.Text)))) continue;
            Report(line, $"Dependencies copied from stage {from} were installed with {tool} without a production-only flag: development dependencies ship in the image", tool, sink);
        }
    }

    private static void Report(CheckedInstruction line, string message, string tool, FindingSink sink) =>
        sink.Report(HoistRules.DevDependenciesInFinalStage, line.At, message, line.Node.Comments,
            fix: tool.StartsWith("composer", StringComparison.Ordinal)
                ? "install with composer install --no-dev"
                : "install with npm ci --omit=dev (yarn install --production, pnpm install --prod), or prune with npm prune --omit=dev before copying");

    /// <summary>The install command (e.g. "npm ci") if the text installs JS/PHP dependencies with development ones.</summary>
    private static string? DevInstall(CheckedStage stage, HoistCheckInput input, string text)
    {
        if (Chain(input, stage).Any(SetsProductionEnv)) return null;
        foreach (var words in ShellText.Commands(text))
        {
            var tool = Array.FindIndex(words, w => w is "npm" or "yarn" or "pnpm" or "composer");
            if (tool < 0) continue;
            var verb = tool + 1 < words.Length ? words[tool + 1] : "install";
            var installs = words[tool] == "yarn" ? verb is "install" or "--frozen-lockfile" or "--immutable" || verb.StartsWith('-') || tool + 1 == words.Length
                : verb is "install" or "ci" or "i";
            if (!installs || words.Any(w => ProductionFlags.Contains(w))) continue;
            // npm install PACKAGE adds one package; only a whole-project install brings the dev dependencies.
            if (words[tool] != "yarn" && words.Skip(tool + 2).Any(w => !w.StartsWith('-'))) continue;
            return $"{words[tool]} {verb}".TrimEnd();
        }
        return null;
    }

    private static bool Prunes(string text) => ShellText.Commands(text).Any(words =>
        (words.Contains("prune") && words.Any(w => ProductionFlags.Contains(w))) || (words.Contains("workspaces") && words.Contains("focus") && words.Contains("--production")));

    private static bool SetsProductionEnv(CheckedStage stage) => stage.Commands.Any(c => c.Instruction is EnvInstruction env
        && env.Variables.Any(v => v.Key == "NODE_ENV" && v.Value.Trim('"', '\'') == "production"));

    /// <summary>A stage and the stages it is built on.</summary>
    private static IEnumerable<CheckedStage> Chain(HoistCheckInput input, CheckedStage stage)
    {
        for (CheckedStage? s = stage; s is not null; s = s.BaseStage is { } parent ? input.Stages[parent] : null) yield return s;
    }
}
