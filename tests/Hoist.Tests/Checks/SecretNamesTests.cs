namespace Hoist.Tests.Checks;

/// <summary>SecretsUsedInArgOrEnv on the Dockerfile of BuildKit's testSecretsUsedInArgOrEnv, with its expected findings.</summary>
public sealed class SecretNamesTests
{
    private const string Dockerfile = """
        # check=skip=InvalidDefinitionDescription

        FROM scratch
        ARG SECRET_PASSPHRASE
        ENV SUPER_Secret=foo
        ENV password=bar secret=baz
        ARG super_duper_secret_token=foo auth=bar
        ENV apikey=bar sunflower=foo
        ENV git_key=
        ENV PUBLIC_KEY=
        ARG public_token
        ARG SECRET_PASSPHRASE_FILE
        ENV password_file=bar secret_File=baz
        ARG AUTH_MODULE_VERSION
        # check=skip=SecretsUsedInArgOrEnv // allow secret in environment
        ENV password=bar
        # check=skip=SecretsUsedInArgOrEnv // allow secret in arg
        ARG password
        # check=skip=all // is local to only this instruction
        ENV alternate_password=bar
        # check=skip=all // is local to only this instruction
        ARG alternate_password

        """;

    [Fact]
    public void Names_with_a_public_file_or_version_part_are_not_secrets()
    {
        var findings = CheckHarness.Report(Dockerfile).Findings.Where(f => f.Rule.Name == "SecretsUsedInArgOrEnv")
            .Select(f => $"{f.Line} {f.Message.Replace("Do not use ARG or ENV instructions for sensitive data ", "", StringComparison.Ordinal)}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(
        [
            "4 (ARG \"SECRET_PASSPHRASE\")", "5 (ENV \"SUPER_Secret\")", "6 (ENV \"password\")", "6 (ENV \"secret\")",
            "7 (ARG \"auth\")", "7 (ARG \"super_duper_secret_token\")", "8 (ENV \"apikey\")", "9 (ENV \"git_key\")",
        ], findings);
    }
}
