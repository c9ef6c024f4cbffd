using Hoist.Dockerfile;
using Hoist.Dockerfile.Expansion;
using Hoist.Dockerfile.Instructions;

namespace Hoist.Checks;

/// <summary>
/// The rules BuildKit runs while it dispatches a stage's instructions (dockerfile2llb dispatch*): UndefinedVar on every
/// word it expands, WorkdirRelativePath, LegacyKeyValueFormat, JSONArgsRecommended, MultipleInstructionsDisallowed,
/// SecretsUsedInArgOrEnv, CopyIgnoredFile and the EXPOSE rules. A <c># check=</c> comment above an instruction applies
/// to what is reported while dispatching it.
/// </summary>
internal sealed class DispatchRules(string fileName, CheckOptions options, ShellWordExpander expander, VariableList globals, FindingSink sink)
{
    public void Dispatch(CheckedStage stage, StageState state)
    {
        foreach (var line in stage.Commands)
        {
            try
            {
                DispatchOne(line, state);
            }
            catch (ExpansionException e)
            {
                throw new DockerfileException(fileName, line.Node.StartLine, e.Message);
            }
        }
    }

    private void DispatchOne(CheckedInstruction line, StageState state)
    {
        var comments = line.Node.Comments;
        var instruction = line.Instruction;
        if (instruction is IExpandable expandable and not ArgInstruction and not ExposeInstruction and not FromInstruction)
        {
            instruction = expandable.Expand(word => ExpandReporting(word, line, state), text => expander.ExpandWords(text, state.Variables.Values));
        }
        switch (instruction)
        {
            case EnvInstruction env:
                foreach (var variable in env.Variables)
                {
                    if (env.LegacyForm) Report(BuildKitRules.LegacyKeyValueFormat, line, "\"ENV key=value\" should be used instead of legacy \"ENV key value\" format");
                    CheckSecret("ENV", variable.Key, line);
                    state.Variables.Set(variable.Key, variable.Value);
                }
                break;
            case LabelInstruction { LegacyForm: true } label:
                foreach (var _ in label.Labels) Report(BuildKitRules.LegacyKeyValueFormat, line, "\"LABEL key=value\" should be used instead of legacy \"LABEL key value\" format");
                break;
            case ArgInstruction arg:
                DispatchArg(arg, line, state);
                break;
            case WorkdirInstruction workdir:
                if (!state.WorkdirSet && !workdir.Path.StartsWith('/'))
                {
                    Report(BuildKitRules.WorkdirRelativePath, line, $"Relative workdir {GoQuoted(workdir.Path)} can have unexpected results if the base image changes");
                }
                state.WorkdirSet = true;
                break;
            case CmdInstruction cmd:
                state.Cmd = UsedOnce("CMD", line, state.Cmd);
                CheckJsonArgs(cmd.Command, line, state);
                break;
            case EntrypointInstruction entrypoint:
                state.Entrypoint = UsedOnce("ENTRYPOINT", line, state.Entrypoint);
                CheckJsonArgs(entrypoint.Command, line, state);
                break;
            case HealthcheckInstruction:
                state.Healthcheck = UsedOnce("HEALTHCHECK", line, state.Healthcheck);
                break;
            case ShellInstruction shell:
                state.Shell = shell.Shell;
                break;
            case ExposeInstruction expose:
                foreach (var port in expose.Ports.SelectMany(p => expander.ExpandWords(p, state.Variables.Values)))
                {
                    ExposeRules.Check(port, line.At, comments, sink);
                }
                break;
            case CopyInstruction { From: null } copy:
                CheckIgnored("Copy", copy.Sources, copy.Heredocs.Count > 0, line);
                break;
            case AddInstruction add:
                CheckIgnored("Add", add.Sources.Where(s => !IsRemote(s)).ToList(), add.Heredocs.Count > 0, line);
                break;
        }
    }

    /// <summary>Expands one word; names it found unset, other than declared ARGs, are UndefinedVar (with the closest defined name).</summary>
    private string ExpandReporting(string word, CheckedInstruction line, StageState state)
    {
        var expansion = expander.ExpandWordWithMatches(word, state.Variables.Values);
        foreach (var name in expansion.Unmatched.Where(n => !state.DeclaredArgs.Contains(n)).Order(StringComparer.Ordinal))
        {
            var suggestion = NameSuggestion.Closest(name, state.Variables.Keys);
            Report(BuildKitRules.UndefinedVar, line, $"Usage of undefined variable '${name}'" + (suggestion is null ? "" : $" (did you mean ${suggestion}?)"));
        }
        return expansion.Value;
    }

    /// <summary>
    /// ARG: a build arg wins; else the default (expanded, reporting UndefinedVar); else the global value of the same
    /// name. A value becomes a variable; the name is declared either way.
    /// </summary>
    private void DispatchArg(ArgInstruction arg, CheckedInstruction line, StageState state)
    {
        foreach (var declaration in arg.Arguments)
        {
            CheckSecret("ARG", declaration.Name, line);
            string? value = null;
            if (options.BuildArgs.TryGetValue(declaration.Name, out var given)) value = given;
            else if (declaration.DefaultValue is { } fallback) value = ExpandReporting(fallback, line, state);
            else if (globals.Values.TryGetValue(declaration.Name, out var global)) value = global;
            if (value is not null) state.Variables.Set(declaration.Name, value);
            state.DeclaredArgs.Add(declaration.Name);
        }
    }

    /// <summary>Only the last CMD/ENTRYPOINT/HEALTHCHECK counts; the one it replaces is reported, at its own line.</summary>
    private Located UsedOnce(string name, CheckedInstruction line, Located? previous)
    {
        if (previous is { } earlier)
        {
            sink.Report(BuildKitRules.MultipleInstructionsDisallowed, earlier,
                $"Multiple {name} instructions should not be used in the same stage because only the last one will be used", line.Node.Comments);
        }
        return line.At;
    }

    private void CheckJsonArgs(CommandLine command, CheckedInstruction line, StageState state)
    {
        if (command.IsShellForm && state.Shell.Count == 0)
        {
            Report(BuildKitRules.JsonArgsRecommended, line, $"JSON arguments recommended for {line.Node.OriginalKeyword} to prevent unintended behavior related to OS signals");
        }
    }

    private void CheckSecret(string instruction, string name, CheckedInstruction line)
    {
        if (SecretNames.LooksSecret(name))
        {
            Report(BuildKitRules.SecretsUsedInArgOrEnv, line, $"Do not use ARG or ENV instructions for sensitive data ({instruction} \"{name}\")");
        }
    }

    private void CheckIgnored(string verb, IReadOnlyList<string> sources, bool hasHeredocs, CheckedInstruction line)
    {
        if (options.IsIgnored is not { } isIgnored) return;
        foreach (var source in sources)
        {
            if (hasHeredocs && source.StartsWith("<<", StringComparison.Ordinal)) continue;
            if (isIgnored(source))
            {
                Report(BuildKitRules.CopyIgnoredFile, line, $"Attempting to {verb} file \"{source}\" that is excluded by .dockerignore");
            }
        }
    }

    private static bool IsRemote(string source) =>
        source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal)
        || source.StartsWith("git@", StringComparison.Ordinal);

    private void Report(CheckRule rule, CheckedInstruction line, string message) =>
        sink.Report(rule, line.At, message, line.Node.Comments);

    /// <summary>Go's %q for the plain text a path is: BuildKit's message escapes backslashes and quotes (<c>"C:\\go"</c>).</summary>
    private static string GoQuoted(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
