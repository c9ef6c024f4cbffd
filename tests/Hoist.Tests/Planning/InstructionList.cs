using Hoist.Dockerfile.Instructions;
using Hoist.Oci;
using Hoist.Planning;

namespace Hoist.Tests.Planning;

/// <summary>
/// Builds typed instructions the way InstructionReader would produce them, one line each, so planning tests do not
/// depend on the parser.
/// </summary>
internal sealed class InstructionList
{
    private readonly List<Instruction> _instructions = [];

    public static PlanOptions Options(string? target = null, params string[] buildArgs) => new()
    {
        Target = target,
        BuildArgs = buildArgs,
        EnvironmentLookup = _ => null,
        BuildPlatform = Platform.Parse("linux/amd64"),
    };

    private int NextLine => _instructions.Count + 1;

    public IReadOnlyList<Instruction> Instructions => _instructions;

    public InstructionList Add(Instruction instruction)
    {
        _instructions.Add(instruction);
        return this;
    }

    public InstructionList From(string image, string? name = null, string? platform = null) => Add(new FromInstruction
    {
        BaseName = image,
        StageName = name,
        Platform = platform,
        Line = NextLine,
        EndLine = NextLine,
        Original = $"FROM {(platform is null ? "" : $"--platform={platform} ")}{image}{(name is null ? "" : $" AS {name}")}",
    });

    /// <summary>Each declaration is <c>NAME</c> or <c>NAME=default</c>.</summary>
    public InstructionList Arg(params string[] declarations) => Add(ArgAt(NextLine, declarations));

    public static ArgInstruction ArgAt(int line, params string[] declarations) => new()
    {
        Arguments = [.. declarations.Select(d => d.Split('=', 2) is [var name, var value]
            ? new ArgDeclaration(name, value)
            : new ArgDeclaration(d, null))],
        Line = line,
        EndLine = line,
        Original = "ARG " + string.Join(' ', declarations),
    };

    /// <summary>Each assignment is <c>NAME=value</c>.</summary>
    public InstructionList Env(params string[] assignments) => Add(new EnvInstruction
    {
        Variables = [.. assignments.Select(a => a.Split('=', 2)).Select(p => new KeyValue(p[0], p[1]))],
        Line = NextLine,
        EndLine = NextLine,
        Original = "ENV " + string.Join(' ', assignments),
    });

    public InstructionList Run(string command, params RunMount[] mounts) => Add(RunAt(NextLine, command, mounts));

    public static RunInstruction RunAt(int line, string command, params RunMount[] mounts) => new()
    {
        Command = new CommandLine([command], IsShellForm: true),
        Mounts = mounts,
        Line = line,
        EndLine = line,
        Original = "RUN " + string.Join("", mounts.Select(m => $"--mount={m.Raw} ")) + command,
    };

    public InstructionList Copy(string source, string destination, string? from = null) =>
        Add(CopyAt(NextLine, source, destination, from));

    public static CopyInstruction CopyAt(int line, string source, string destination, string? from = null) => new()
    {
        Sources = [source],
        Destination = destination,
        From = from,
        Line = line,
        EndLine = line,
        Original = $"COPY {(from is null ? "" : $"--from={from} ")}{source} {destination}",
    };

    public InstructionList Workdir(string path) => Add(new WorkdirInstruction
    {
        Path = path,
        Line = NextLine,
        EndLine = NextLine,
        Original = "WORKDIR " + path,
    });

    public InstructionList Onbuild(Instruction trigger) => Add(new OnbuildInstruction
    {
        Trigger = trigger,
        TriggerText = trigger.Original,
        Line = NextLine,
        EndLine = NextLine,
        Original = "ONBUILD " + trigger.Original,
    });

    public static RunMount Mount(
        MountType type, string? from = null, string? id = null, string? target = null, string? source = null,
        bool required = false, CacheSharing sharing = CacheSharing.Shared) => new()
    {
        Type = type,
        From = from,
        Id = id,
        Target = target,
        Source = source,
        Required = required,
        Sharing = sharing,
        Raw = $"type={type.ToString().ToLowerInvariant()}",
    };

    public BuildPlan Plan(PlanOptions? options = null) => StagePlanner.Plan("Dockerfile", _instructions, options ?? Options());

    public BuildPlan Plan(string? target, params string[] buildArgs) => Plan(Options(target, buildArgs));
}
