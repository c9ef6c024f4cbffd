using Xunit.Abstractions;
using Xunit.Sdk;

namespace Hoist.IntegrationTests.Conformance;

/// <summary>Turns the rows of a <see cref="ConformanceTheoryAttribute"/> theory naming a known difference into skipped rows.</summary>
public sealed class ConformanceTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(ITestFrameworkDiscoveryOptions discoveryOptions,
        ITestMethod testMethod, IAttributeInfo theoryAttribute, object[] dataRow)
    {
        if (dataRow is [string name, ..] && ConformanceCase.KnownDifferences.TryGetValue(name, out var reason))
            return CreateTestCasesForSkippedDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow, $"known difference: {reason}");
        return base.CreateTestCasesForDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow);
    }
}
