namespace Hoist.Checks;

/// <summary>
/// BuildKit's 22 build checks (moby/buildkit frontend/dockerfile/linter/ruleset.go; https://docs.docker.com/reference/build-checks/),
/// with their names and descriptions as BuildKit has them. Experimental as in Dockerfile 1.21 and later (BuildKit
/// 4187c344, "promote experimental linter rule", made CopyIgnoredFile a default rule): InvalidDefinitionDescription.
/// </summary>
public static class BuildKitRules
{
    private static CheckRule Rule(string name, string slug, string description, bool experimental = false) =>
        new(name, description, slug.Length == 0 ? "" : $"https://docs.docker.com/go/dockerfile/rule/{slug}/", experimental);

    public static CheckRule StageNameCasing { get; } = Rule("StageNameCasing", "stage-name-casing", "Stage names should be lowercase");
    public static CheckRule FromAsCasing { get; } = Rule("FromAsCasing", "from-as-casing", "The 'as' keyword should match the case of the 'from' keyword");
    public static CheckRule NoEmptyContinuation { get; } = Rule("NoEmptyContinuation", "no-empty-continuation", "Empty continuation lines will become errors in a future release");
    public static CheckRule ConsistentInstructionCasing { get; } = Rule("ConsistentInstructionCasing", "consistent-instruction-casing", "All commands within the Dockerfile should use the same casing (either upper or lower)");
    public static CheckRule DuplicateStageName { get; } = Rule("DuplicateStageName", "duplicate-stage-name", "Stage names should be unique");
    public static CheckRule ReservedStageName { get; } = Rule("ReservedStageName", "reserved-stage-name", "Reserved words should not be used as stage names");
    public static CheckRule JsonArgsRecommended { get; } = Rule("JSONArgsRecommended", "json-args-recommended", "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals");
    public static CheckRule MaintainerDeprecated { get; } = Rule("MaintainerDeprecated", "maintainer-deprecated", "The MAINTAINER instruction is deprecated, use a label instead to define an image author");
    public static CheckRule UndefinedArgInFrom { get; } = Rule("UndefinedArgInFrom", "undefined-arg-in-from", "FROM command must use declared ARGs");
    public static CheckRule WorkdirRelativePath { get; } = Rule("WorkdirRelativePath", "workdir-relative-path", "Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes");
    public static CheckRule UndefinedVar { get; } = Rule("UndefinedVar", "undefined-var", "Variables should be defined before their use");
    public static CheckRule MultipleInstructionsDisallowed { get; } = Rule("MultipleInstructionsDisallowed", "multiple-instructions-disallowed", "Multiple instructions of the same type should not be used in the same stage");
    public static CheckRule LegacyKeyValueFormat { get; } = Rule("LegacyKeyValueFormat", "legacy-key-value-format", "Legacy key/value format with whitespace separator should not be used");
    public static CheckRule InvalidBaseImagePlatform { get; } = Rule("InvalidBaseImagePlatform", "", "Base image platform does not match expected target platform");
    public static CheckRule RedundantTargetPlatform { get; } = Rule("RedundantTargetPlatform", "redundant-target-platform", "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior");
    public static CheckRule SecretsUsedInArgOrEnv { get; } = Rule("SecretsUsedInArgOrEnv", "secrets-used-in-arg-or-env", "Sensitive data should not be used in the ARG or ENV commands");
    public static CheckRule InvalidDefaultArgInFrom { get; } = Rule("InvalidDefaultArgInFrom", "invalid-default-arg-in-from", "Default value for global ARG results in an empty or invalid base image name");
    public static CheckRule FromPlatformFlagConstDisallowed { get; } = Rule("FromPlatformFlagConstDisallowed", "from-platform-flag-const-disallowed", "FROM --platform flag should not use a constant value");
    public static CheckRule CopyIgnoredFile { get; } = Rule("CopyIgnoredFile", "copy-ignored-file", "Attempting to Copy file that is excluded by .dockerignore");
    public static CheckRule InvalidDefinitionDescription { get; } = Rule("InvalidDefinitionDescription", "invalid-definition-description", "Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`. If this is not intended to be a description comment, add an empty line or comment between the instruction and the comment.", experimental: true);
    public static CheckRule ExposeProtoCasing { get; } = Rule("ExposeProtoCasing", "expose-proto-casing", "Protocol in EXPOSE instruction should be lowercase");
    public static CheckRule ExposeInvalidFormat { get; } = Rule("ExposeInvalidFormat", "expose-invalid-format", "IP address and host-port mapping should not be used in EXPOSE instruction. This will become an error in a future release");

    public static IReadOnlyList<CheckRule> All { get; } =
    [
        StageNameCasing, FromAsCasing, NoEmptyContinuation, ConsistentInstructionCasing, DuplicateStageName, ReservedStageName,
        JsonArgsRecommended, MaintainerDeprecated, UndefinedArgInFrom, WorkdirRelativePath, UndefinedVar,
        MultipleInstructionsDisallowed, LegacyKeyValueFormat, InvalidBaseImagePlatform, RedundantTargetPlatform,
        SecretsUsedInArgOrEnv, InvalidDefaultArgInFrom, FromPlatformFlagConstDisallowed, CopyIgnoredFile,
        InvalidDefinitionDescription, ExposeProtoCasing, ExposeInvalidFormat,
    ];
}
