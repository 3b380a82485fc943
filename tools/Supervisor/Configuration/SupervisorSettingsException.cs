namespace Fleet.Supervisor.Configuration;

/// <summary>The supervisor's YAML file is missing, malformed or incomplete; the message says what to fix.</summary>
public sealed class SupervisorSettingsException(string message, Exception? inner = null) : Exception(message, inner);
