namespace Fleet.Gateway.Security.Tls;

/// <summary>A certificate PEM file and the PEM file of its private key, as absolute paths.</summary>
public sealed record CertificateFiles(string CertificatePath, string KeyPath);
