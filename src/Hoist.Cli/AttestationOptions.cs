using System.CommandLine;
using Hoist.Building.Engine;
using Hoist.Posix;

namespace Hoist.Cli;

/// <summary>
/// <c>--sbom[=true|false]</c>, <c>--provenance[=true|false]</c> and <c>--attest type=sbom|provenance[,mode=min]</c> as
/// docker buildx spells them: attach an SPDX SBOM and SLSA v1 provenance (BuildKit's min mode) to the image as
/// BuildKit attestations.
/// </summary>
public static class AttestationOptions
{
    public sealed record Options(Option<bool> Sbom, Option<bool> Provenance, Option<string[]> Attest);

    public static Options AddTo(Command command)
    {
        var options = new Options(
            new Option<bool>("--sbom") { Description = "Attach an SPDX SBOM of the image as a BuildKit attestation" },
            new Option<bool>("--provenance") { Description = "Attach SLSA v1 provenance (BuildKit's min mode) as a BuildKit attestation" },
            new Option<string[]>("--attest")
            {
                Description = "Attestation as buildx: type=sbom or type=provenance[,mode=min] (disabled=true turns one off); repeatable", HelpName = "SPEC",
            });
        command.Options.Add(options.Sbom);
        command.Options.Add(options.Provenance);
        command.Options.Add(options.Attest);
        return options;
    }

    public static AttestationRequest Read(ParseResult parse, Options options)
    {
        var request = new AttestationRequest(parse.GetValue(options.Sbom), parse.GetValue(options.Provenance));
        foreach (var spec in parse.GetValue(options.Attest) ?? []) request = Apply(request, spec);
        return request;
    }

    private static AttestationRequest Apply(AttestationRequest request, string spec)
    {
        var fields = SpecFields.Split(spec, trim: true).Select(SpecFields.ParseField).ToDictionary(f => f.Key, f => f.Value ?? "", StringComparer.Ordinal);
        var enabled = !fields.TryGetValue("disabled", out var disabled) || disabled is not ("true" or "1");
        if (fields.TryGetValue("mode", out var mode) && mode != "min")
        {
            throw new HoistException($"--attest {spec}: mode={mode} is not supported yet (Hoist writes BuildKit's min mode)");
        }
        return fields.GetValueOrDefault("type") switch
        {
            "sbom" => request with { Sbom = enabled },
            "provenance" => request with { Provenance = enabled },
            _ => throw new HoistException($"--attest {spec}: expected type=sbom or type=provenance"),
        };
    }
}
