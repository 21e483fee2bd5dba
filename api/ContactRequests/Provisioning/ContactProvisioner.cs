using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;
using SmimeAddin.Audit;
using SmimeAddin.Certificates;
using SmimeAddin.Directory;
using SmimeAddin.Http;
using SmimeAddin.Trust;
using SmimeAddin.Telemetry;

namespace SmimeAddin.ContactRequests.Provisioning;

/// <summary>Carries out one claimed request in the directory, as an admin would by hand: ensure the contact, trust the
/// CAs if asked, set both certificate attributes, read them back. Every step is safe to repeat, so a request taken
/// over after a crash simply starts again from the first step. Refusals the directory or the rules give are values
/// (<see cref="Refused"/>); only transient directory failures and cancellation travel as exceptions.</summary>
internal sealed class ContactProvisioner(IDirectory directory, TrustedIssuerStore issuers, RecipientCache recipients,
    ProvisioningClaims claims, TimeProvider time, IOptions<ProvisioningOptions> options, SmimeMetrics metrics, ILogger<ContactProvisioner> log)
{
    private sealed record Refused(string Error);

    /// <summary>Another worker holds the request now (this one's lease ran out): stop, change nothing more.</summary>
    private static readonly Refused ClaimLost = new("The claim was lost.");

    /// <summary>Provisions <paramref name="request"/>, which this worker has just claimed, and commits the outcome.
    /// Stopping leaves the claim to expire, as a crash would; another worker (or this one, restarted) resumes.</summary>
    public async Task ProvisionAsync(ContactRequest request, CancellationToken stopping)
    {
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var background = DirectoryCallRetry.Background(); // nobody waits: throttled calls may be retried longer
        var keeper = KeepClaimAsync(request.Id, work);
        var step = "looking up the contact";
        var started = metrics.Timestamp();
        var outcome = "stopped";
        try
        {
            outcome = await SettleAsync(request, await RunAsync(request, s => step = s, work.Token), step);
        }
        catch (Exception e) when (work.IsCancellationRequested)
        {
            log.LogInformation(e, "Request {RequestId}: stopped while {Step}; the claim is left to expire.", request.Id, step);
        }
        catch (Exception e)
        {
            outcome = await SettleFailureAsync(request, e, step);
        }
        finally
        {
            await work.CancelAsync();
            await keeper;
            metrics.Provisioned(outcome, started);
        }
    }

    /// <summary>Commits how a run that ended without an exception ended; answers the outcome for the metrics.</summary>
    private async Task<string> SettleAsync(ContactRequest request, Refused? refused, string step)
    {
        if (ReferenceEquals(refused, ClaimLost))
        {
            log.LogWarning("Request {RequestId}: the claim was lost while {Step}; its new holder carries on.", request.Id, step);
            return "claimLost";
        }
        if (refused is null)
            return "provisioned";
        await claims.FailAsync(request.Id, refused.Error, CancellationToken.None);
        return "failed";
    }

    /// <summary>Commits what a failure means: transient ones (throttling, outage, a bug or a database hiccup) are retried
    /// later with back-off, so nothing loops for ever; a refusal or a missing role fails the request with a sentence an
    /// admin can act on. Answers the outcome for the metrics.</summary>
    private async Task<string> SettleFailureAsync(ContactRequest request, Exception failure, string step)
    {
        switch (failure)
        {
            case DirectoryException e when e.Failure is DirectoryFailure.Throttled or DirectoryFailure.Unavailable:
                log.LogWarning(e, "Request {RequestId}: directory {Failure} while {Step}.", request.Id, e.Failure, step);
                await claims.RetryLaterAsync(request, $"The directory was {Describe(e.Failure)} while {step}.", e.RetryAfter, CancellationToken.None);
                return "retry";
            case DirectoryException e when MissingPermissionException.Of(e) is { } missing:
                // Final: retrying cannot help until an administrator gives the app the role; the sentence names it.
                log.LogError(e, "Request {RequestId}: the app may not {Operation} while {Step}.", request.Id, missing.Operation, step);
                await claims.FailAsync(request.Id, $"{missing.Message} (while {step}) Give the app that role, then retry the request.",
                    CancellationToken.None);
                return "failed";
            case DirectoryException e:
                // The directory's own words go to the log only: LastError is shown to admins through the API.
                log.LogWarning(e, "Request {RequestId}: directory refused ({Failure}) while {Step}.", request.Id, e.Failure, step);
                await claims.FailAsync(request.Id, $"The directory refused ({e.Failure}) while {step}; its message is in the server log.",
                    CancellationToken.None);
                return "failed";
            default:
                log.LogError(failure, "Request {RequestId}: unexpected failure while {Step}.", request.Id, step);
                await claims.RetryLaterAsync(request, $"Unexpected {failure.GetType().Name} while {step}; details are in the server log.", null,
                    CancellationToken.None);
                return "retry";
        }
    }

    private async Task<Refused?> RunAsync(ContactRequest request, Action<string> step, CancellationToken ct)
    {
        var (contact, refused) = await EnsureContactAsync(request, ct);
        if (contact is null)
            return refused;
        var id = request.Id;
        if (Unshown(request, contact) is { } unshown)
            return unshown;
        if (RequestAuthorities.ToTrust(request) is { Count: > 0 } authorities)
        {
            step("adding the issuing CAs to the trusted issuers");
            if (await TrustIssuersAsync(request, authorities, ct) is { } notTrusted)
                return notTrusted;
        }

        step("setting the contact's certificates");
        await directory.SetCertificatesAsync(contact.Identity, RecipientKind.MailContact, new([request.Certificate], [request.CertificateChain]), ct);
        if (!await claims.StepDoneAsync(id, "CertificatesSet", AuditLog.Outcomes.Succeeded,
                $"UserCertificate {request.Thumbprint} and UserSMimeCertificate ({request.CertificateChain.Length} bytes) set on {contact.Name}.", ct))
            return ClaimLost;

        step("reading the contact back");
        var stored = await directory.GetRecipientAsync(contact.Identity, ct);
        if (Mismatch(request, stored) is { } mismatch)
            return new($"Verification failed: {mismatch}");
        if (!await claims.StepDoneAsync(id, "ContactVerified", AuditLog.Outcomes.Succeeded,
                $"{contact.Name} holds exactly the approved certificate and chain.", ct))
            return ClaimLost;

        step("recording the outcome");
        if (!await claims.CompleteAsync(id, $"{request.EmailAddress} published as {contact.Name}.", CancellationToken.None))
            return ClaimLost;
        recipients.Forget([request.EmailAddress]); // this instance answers ready at once; others within their cache time
        return null;
    }

    /// <summary>The contact named as approved, or an existing contact of this address (made by an earlier try or by
    /// hand): never a second one. A name or address held by anything else is refused.</summary>
    private async Task<(DirectoryRecipient? Contact, Refused? Refused)> EnsureContactAsync(ContactRequest request, CancellationToken ct)
    {
        var (existing, refused) = request.ExistingEntryIdentity is { } shown ? await ShownAsync(request, shown, ct) : await FindOursAsync(request, ct);
        var action = "ContactReused";
        if (existing is null && refused is null)
        {
            try
            {
                existing = await directory.CreateMailContactAsync(new(request.ContactName, request.DisplayName, request.EmailAddress), ct);
                action = "ContactCreated";
            }
            catch (DirectoryException e) when (e.Failure == DirectoryFailure.AlreadyExists)
            {
                // Someone created it between our look-up and our New-MailContact: ours if it has this address.
                (existing, refused) = await FindOursAsync(request, ct);
                if (existing is null && refused is null)
                    refused = new($"The directory says the contact {request.ContactName} or the address {request.EmailAddress} already exists, but neither can be found.");
            }
        }
        if (existing is null)
            return (null, refused);
        var held = await claims.StepDoneAsync(request.Id, action, AuditLog.Outcomes.Succeeded,
            $"{existing.Name} ({request.EmailAddress}){(existing.Name == request.ContactName ? "" : $", instead of the approved name {request.ContactName}")}.", ct);
        return held ? (existing, null) : (null, ClaimLost);
    }

    /// <summary>The entry the approver was shown holding the address: still there, still a contact with the address.</summary>
    private async Task<(DirectoryRecipient? Contact, Refused? Refused)> ShownAsync(ContactRequest request, string identity, CancellationToken ct)
    {
        var entry = await directory.GetRecipientAsync(identity, ct);
        return entry is not null && IsContactFor(entry, request.EmailAddress)
            ? (entry, null)
            : (null, new($"The contact {request.ContactName} shown at approval no longer holds {request.EmailAddress}; ask for a new request."));
    }

    /// <summary>The certificates on the contact that the approver did not agree to replace: provisioning never changes
    /// what the approval did not show.</summary>
    private static Refused? Unshown(ContactRequest request, DirectoryRecipient contact)
    {
        var agreed = Thumbprints.Parse(request.ReplaceThumbprints);
        var unshown = AddressHolder.Foreign(contact, request).Where(c => !agreed.Contains(CertificateFacts.Sha1Thumbprint(c))).ToList();
        return unshown.Count == 0
            ? null
            : new($"The contact {contact.Name} holds certificates the approval did not show ({Describe(unshown)}); ask for a new request.");
    }

    /// <summary>For a request approved for a new contact: the contact of that name (an earlier try's), else a contact
    /// that holds the address, never a second one; if that one holds certificates, <see cref="Unshown"/> stops the run.</summary>
    private async Task<(DirectoryRecipient? Contact, Refused? Refused)> FindOursAsync(ContactRequest request, CancellationToken ct)
    {
        if (await directory.GetRecipientAsync(request.ContactName, ct) is { } named)
            return IsContactFor(named, request.EmailAddress)
                ? (named, null)
                : (null, new($"The name {request.ContactName} is taken by the {named.Kind} {named.Name} ({named.PrimarySmtpAddress}); approve the request again under another name."));
        var holders = await directory.FindRecipientsAsync([request.EmailAddress], ct);
        if (holders.FirstOrDefault(r => IsContactFor(r, request.EmailAddress)) is { } contact)
            return (contact, null); // certificates on it the approval did not show stop the run before any change (Unshown)
        return holders.FirstOrDefault() is { } other
            ? (null, new($"The address {request.EmailAddress} belongs to the {other.Kind} {other.Name}, which is not a mail contact."))
            : (null, null);
    }

    private static bool IsContactFor(DirectoryRecipient recipient, string address) =>
        recipient.Kind == RecipientKind.MailContact
        && recipient.EmailAddresses.Append(recipient.PrimarySmtpAddress).Contains(address.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds the CAs the approver named that the list lacks. Exchange Online refuses a list holding an
    /// expired CA (EXCHANGE.md), so such a list is never written: the request fails with the reason instead.</summary>
    private async Task<Refused?> TrustIssuersAsync(ContactRequest request, IReadOnlyList<X509Certificate> authorities, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (authorities.Where(a => TrustedIssuerRules.IsExpired(a, now)).ToList() is { Count: > 0 } expired)
            return new($"Cannot trust an expired CA: {Describe(expired)}.");

        // The change is recorded before the directory is written (a claim lost by then writes nothing) and its outcome
        // after, whatever happens to this worker meanwhile.
        var held = true;
        var record = new TrustedIssuerWriteRecord(
            async write => held = await claims.StepDoneAsync(request.Id, "IssuersTrusted", AuditLog.Outcomes.Intended, write.Describe(), ct),
            async (write, failure) => held = await claims.StepDoneAsync(request.Id, "IssuersTrusted",
                failure is null ? AuditLog.Outcomes.Succeeded : AuditLog.Outcomes.Failed,
                failure is null ? $"{write.Describe()}; already trusted: {authorities.Count - write.Added.Count}."
                    : $"{TrustedIssuerWrite.FailureKind(failure)}: {write.Describe(limit: 3900)}", CancellationToken.None));
        var (added, stale, tooLarge) = await issuers.UpdateAsync<(List<X509Certificate> Added, List<X509Certificate> Stale, StoreTooLarge? TooLarge)>(current =>
        {
            var trusted = current.Certificates.Select(CertificateFacts.Sha1Thumbprint).ToHashSet();
            var missing = authorities.Where(a => !trusted.Contains(CertificateFacts.Sha1Thumbprint(a))).ToList();
            if (missing.Count == 0)
                return (null, ([], [], null));
            if (current.Certificates.Where(c => TrustedIssuerRules.IsExpired(c, now)).ToList() is { Count: > 0 } old)
                return (null, ([], old, null));
            var updated = new SerializedStore(current.Store.Entries.Concat(
                SerializedStore.FromCertificates(missing.Select(a => a.GetEncoded())).Entries));
            return (updated, (missing, [], null));
        }, refused => ([], [], refused), record, ct);
        if (tooLarge is not null)
            return new($"Trusting these CAs would make the trusted-issuer list {tooLarge.Size} bytes, over the {tooLarge.Limit} bytes " +
                "Exchange Online accepts, so nothing was changed. Remove the CAs your correspondents do not use " +
                "(DELETE /api/admin/trusted-issuers/{thumbprint}), then retry the request.");
        if (!held)
            return ClaimLost;
        if (stale.Count > 0)
            return new($"The trusted-issuer list holds expired CAs, which Exchange Online refuses: {Describe(stale)}. " +
                "Remove them (DELETE /api/admin/trusted-issuers/expired), then retry the request.");
        if (added.Count > 0)
            return null; // recorded around the write

        // Called only with CAs the approver named, so nothing to add means every one is trusted already.
        return await claims.StepDoneAsync(request.Id, "IssuersTrusted", AuditLog.Outcomes.Succeeded,
            $"Added: none; already trusted: {authorities.Count}.", ct)
            ? null
            : ClaimLost;
    }

    /// <summary>What the directory holds, compared byte for byte with what was approved; null when they match.</summary>
    private static string? Mismatch(ContactRequest request, DirectoryRecipient? stored)
    {
        if (stored is null)
            return $"the contact {request.ContactName} is gone from the directory.";
        if (stored.UserCertificates.Count != 1 || !stored.UserCertificates[0].AsSpan().SequenceEqual(request.Certificate))
            return $"UserCertificate holds {stored.UserCertificates.Count} value(s), not exactly the approved certificate {request.Thumbprint}.";
        if (stored.UserSmimeCertificates.Count != 1 || !stored.UserSmimeCertificates[0].AsSpan().SequenceEqual(request.CertificateChain))
            return $"UserSMimeCertificate holds {stored.UserSmimeCertificates.Count} value(s), not exactly the approved chain.";
        return null;
    }

    /// <summary>Renews the lease every third of it while the work runs; a lost claim cancels the work.</summary>
    private async Task KeepClaimAsync(Guid id, CancellationTokenSource work)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.Value.Lease / 3, time, work.Token);
                if (!await claims.RenewAsync(id, work.Token))
                {
                    log.LogWarning("Request {RequestId}: the claim was taken over; stopping.", id);
                    await work.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (work.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Renewal failing (database unreachable) is not fatal: the checkpoints between steps renew too.
            log.LogWarning(e, "Request {RequestId}: renewing the claim failed.", id);
        }
    }

    private static string Describe(DirectoryFailure failure) => failure == DirectoryFailure.Throttled ? "throttling" : "unavailable";

    private static string Describe(IEnumerable<X509Certificate> certificates) =>
        string.Join("; ", certificates.Select(c => $"{CertificateFacts.Subject(c)} ({CertificateFacts.Sha1Thumbprint(c)}, until {c.NotAfter:yyyy-MM-dd})"));
}
