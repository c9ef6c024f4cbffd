namespace Hoist.Execution;

/// <summary>A sandbox network on its way up: its directory (known at once, for the runtime spec) and the start itself.</summary>
internal sealed record PendingNetwork(string Directory, Task<SandboxNetwork> Ready);
