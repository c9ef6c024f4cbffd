using Hoist.Dockerfile;
using Hoist.Dockerfile.Expansion;
using Hoist.Dockerfile.Instructions;
using Hoist.Oci;

namespace Hoist.Checks;

/// <summary>
/// Global ARGs and FROM lines, in BuildKit's order (dockerfile2llb toDispatchState): InvalidDefaultArgInFrom with the
/// defaults alone, then per stage UndefinedArgInFrom, RedundantTargetPlatform and FromPlatformFlagConstDisallowed with
/// the build args applied. Errors BuildKit stops at (a blank base name, a bad platform) end the check the same way.
/// </summary>
internal sealed class FromRules(CheckedFile file, CheckOptions options, ShellWordExpander expander, FindingSink sink)
{
    private const string TargetPlatform = "TARGETPLATFORM";

    /// <summary>The global scope with the build args, and the stages with their bases resolved.</summary>
    public (VariableList Globals, IReadOnlyList<CheckedStage> Stages) Resolve()
    {
        CheckDefaults();
        var (globals, declared) = MetaArgs(options.BuildArgs);
        var known = new HashSet<string>(declared.Concat(globals.Keys), StringComparer.Ordinal);
        var stages = new List<CheckedStage>();
        foreach (var stage in file.Stages)
        {
            stages.Add(ResolveStage(stage, globals, known, stages));
        }
        return (globals, stages);
    }

    private void CheckDefaults()
    {
        VariableList defaults;
        try
        {
            defaults = MetaArgs(new Dictionary<string, string>()).Globals;
        }
        catch (HoistException)
        {
            return; // BuildKit abandons this rule; the same error stops the check right after.
        }
        foreach (var stage in file.Stages)
        {
            string name;
            try
            {
                name = expander.ExpandWord(stage.From.BaseName, defaults.Values);
            }
            catch (ExpansionException)
            {
                return;
            }
            if (!ImageReference.TryParse(name, out _, out _) && name != "scratch")
            {
                sink.Report(BuildKitRules.InvalidDefaultArgInFrom, stage.FromLine.At, $"Default value for ARG {stage.From.BaseName} results in empty or invalid base image name");
            }
        }
    }

    private (VariableList Globals, List<string> Declared) MetaArgs(IReadOnlyDictionary<string, string> buildArgs)
    {
        var globals = new VariableList();
        foreach (var (name, value) in options.PlatformArgs) globals.Set(name, value);
        var declared = new List<string>();
        foreach (var line in file.MetaArgs)
        {
            foreach (var arg in ((ArgInstruction)line.Instruction).Arguments)
            {
                declared.Add(arg.Name);
                if (buildArgs.TryGetValue(arg.Name, out var given)) globals.Set(arg.Name, given);
                else if (arg.DefaultValue is { } value) globals.Set(arg.Name, Expand(line.Node.StartLine, value, globals));
            }
        }
        return (globals, declared);
    }

    private CheckedStage ResolveStage(CheckedStage stage, VariableList globals, HashSet<string> known, List<CheckedStage> earlier)
    {
        var from = stage.From;
        var comments = stage.FromLine.Node.Comments;
        var name = Matches(from.BaseName, globals, out var unmatched, out _);
        ReportUndeclared(stage, unmatched, known, comments);
        name ??= Expand(from.Line, from.BaseName, globals);
        if (name.Length == 0) throw new DockerfileException(file.Syntax.FileName, from.Line, $"base name ({from.BaseName}) should not be blank");
        var resolvedPlatform = from.Platform is { } platform ? CheckPlatform(stage, platform, globals, known, comments) : null;
        var baseStage = earlier.FirstOrDefault(s => s.Name is not null && s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        return stage with { BaseName = name, BaseStage = baseStage?.Index, ResolvedPlatform = resolvedPlatform };
    }

    private Platform CheckPlatform(CheckedStage stage, string platform, VariableList globals, HashSet<string> known, IReadOnlyList<string> comments)
    {
        var result = Matches(platform, globals, out var unmatched, out var matched);
        ReportUndeclared(stage, unmatched, known, comments);
        result ??= Expand(stage.From.Line, platform, globals);
        if (matched.Count == 1 && unmatched.Count == 0 && matched.Contains(TargetPlatform)
            && globals.Values.TryGetValue(TargetPlatform, out var target) && result == target)
        {
            sink.Report(BuildKitRules.RedundantTargetPlatform, stage.FromLine.At, $"Setting platform to predefined {platform} in FROM is redundant as this is the default behavior", comments);
        }
        if (matched.Count == 0 && unmatched.Count == 0 && TryPlatform(result) is { } constant
            && !(stage.Name ?? "").Contains(constant.Os, StringComparison.Ordinal)
            && !(stage.Name ?? "").Contains(constant.Architecture, StringComparison.Ordinal))
        {
            sink.Report(BuildKitRules.FromPlatformFlagConstDisallowed, stage.FromLine.At, $"FROM --platform flag should not use constant value \"{result}\"", comments);
        }
        if (result.Length == 0)
        {
            throw new DockerfileException(file.Syntax.FileName, stage.From.Line, FromPlatformError.Empty(platform, unmatched, globals.Keys));
        }
        return ParsePlatform(result) ?? throw new DockerfileException(file.Syntax.FileName, stage.From.Line, FromPlatformError.Unparsable(platform, result, unmatched, globals.Keys));
    }

    private void ReportUndeclared(CheckedStage stage, IReadOnlySet<string> unmatched, HashSet<string> known, IReadOnlyList<string> comments)
    {
        foreach (var name in unmatched.Where(n => !known.Contains(n)).Order(StringComparer.Ordinal))
        {
            var suggestion = NameSuggestion.Closest(name, known);
            var message = $"FROM argument '{name}' is not declared" + (suggestion is null ? "" : $" (did you mean {suggestion}?)");
            sink.Report(BuildKitRules.UndefinedArgInFrom, stage.FromLine.At, message, comments);
        }
    }

    /// <summary>Expands with matches; on an expansion error returns null with what was looked up so far unknown (empty).</summary>
    private string? Matches(string word, VariableList scope, out IReadOnlySet<string> unmatched, out IReadOnlySet<string> matched)
    {
        try
        {
            var expansion = expander.ExpandWordWithMatches(word, scope.Values);
            (unmatched, matched) = (expansion.Unmatched, expansion.Matched);
            return expansion.Value;
        }
        catch (ExpansionException)
        {
            (unmatched, matched) = (new HashSet<string>(), new HashSet<string>());
            return null;
        }
    }

    private string Expand(int line, string word, VariableList scope)
    {
        try
        {
            return expander.ExpandWord(word, scope.Values);
        }
        catch (ExpansionException e)
        {
            throw new DockerfileException(file.Syntax.FileName, line, e.Message);
        }
    }

    private static Platform? ParsePlatform(string text)
    {
        try
        {
            return Platform.Parse(text);
        }
        catch (HoistException)
        {
            return null;
        }
    }

    /// <summary>Parses a platform as containerd does for this rule: <c>os/arch[/variant]</c>, or an architecture alone on Linux.</summary>
    private static Platform? TryPlatform(string text)
    {
        try
        {
            return text.Contains('/') ? Platform.Parse(text) : Platform.Parse("linux/" + text);
        }
        catch (HoistException)
        {
            return null;
        }
    }
}
