# Test double of ExchangeOnlineManagement. Parameter names and types follow Microsoft's cmdlet reference
# (learn.microsoft.com/powershell/module/exchangepowershell). State lives per organization in a store the test
# process shares between runspaces (AppDomain data 'SmimeAddin.TestExchange.Tenants', filled by the C# tests), so
# every runspace of one adapter sees the same tenant and parallel tests never see each other's.
# Uses only the language and .NET: a hosted runspace may not find the built-in Utility/Management modules.
Set-StrictMode -Version 3.0

$script:Organization = $null   # set by Connect-ExchangeOnline
$script:Epoch = -1             # the tenant's session epoch at connect time; a newer epoch means this session expired
$script:Commands = $null       # Connect-ExchangeOnline -CommandName: only these cmdlets exist afterwards
$script:Server = 'AM0PR06MB6353.eurprd06.prod.outlook.com'

function Get-TestTenant([string] $Organization) {
    $tenants = [System.AppDomain]::CurrentDomain.GetData('SmimeAddin.TestExchange.Tenants')
    if ($null -eq $tenants) { $tenants = Register-TenantFromFile }
    if ($null -eq $tenants -or [string]::IsNullOrEmpty($Organization)) { return $null }
    return $tenants[$Organization]
}

# A process other than the tests' (the published app in the deployment smoke test) has no C# test to fill the store:
# it gets its one tenant from the JSON file SMIMEADDIN_TEST_EXCHANGE_TENANT names, {Organization, AppId,
# CertificateThumbprint, Contacts: [{Name, ExternalEmailAddress}]}, once per process, whichever runspace asks first.
function Register-TenantFromFile {
    $path = [Environment]::GetEnvironmentVariable('SMIMEADDIN_TEST_EXCHANGE_TENANT')
    if ([string]::IsNullOrEmpty($path)) { return $null }
    $domain = [System.AppDomain]::CurrentDomain
    [System.Threading.Monitor]::Enter($domain)
    try {
        $tenants = $domain.GetData('SmimeAddin.TestExchange.Tenants')
        if ($null -ne $tenants) { return $tenants }
        $seed = [System.Text.Json.JsonDocument]::Parse([System.IO.File]::ReadAllText($path)).RootElement
        $recipients = [System.Collections.ArrayList]::new()
        foreach ($contact in $seed.GetProperty('Contacts').EnumerateArray()) {
            $name = $contact.GetProperty('Name').GetString()
            $address = $contact.GetProperty('ExternalEmailAddress').GetString()
            [void] $recipients.Add(@{
                Guid = [guid]::NewGuid().ToString(); Name = $name; Alias = $name; DisplayName = $name
                RecipientType = 'MailContact'; RecipientTypeDetails = 'MailContact'; PrimarySmtpAddress = $address
                EmailAddresses = [System.Collections.ArrayList]::new(@("SMTP:$address"))
                UserCertificate = [System.Collections.ArrayList]::new(); UserSMimeCertificate = [System.Collections.ArrayList]::new()
            })
        }
        $tenant = @{
            Lock = [object]::new(); AppId = $seed.GetProperty('AppId').GetString()
            CertificateThumbprint = $seed.GetProperty('CertificateThumbprint').GetString()
            Recipients = $recipients; Calls = @{}; Filters = [System.Collections.ArrayList]::new(); SessionEpoch = 0
            ThrottleNext = 0; ThrottleEvery = 0; ThrottleBackoffMs = 0; Unavailable = $false; UnavailableNext = 0; ReplicationLagCalls = 0; Failing = [System.Collections.ArrayList]::new(); LatencyMs = 0
            SmimeIssuingCA = $null; LastShowBanner = $null; Withheld = [System.Collections.ArrayList]::new(); Disconnects = [System.Collections.ArrayList]::new(); Shapes = @{}
        }
        $tenants = [hashtable]::Synchronized(@{ $seed.GetProperty('Organization').GetString() = $tenant })
        $domain.SetData('SmimeAddin.TestExchange.Tenants', $tenants)
        return $tenants
    }
    finally {
        [System.Threading.Monitor]::Exit($domain)
    }
}

# Errors as the REST module reports them (README.md cites the sources): the message is "<code>|<exception type>|<text>",
# CategoryInfo is NotSpecified with the exception type's short name as its Reason, and the FullyQualifiedErrorId is
# "[Server=…,RequestId=…,TimeStamp=…],Write-ErrorMessage" (PowerShell appends the name of the command that wrote it).
function New-ExchangeError([string] $Text, [string] $Type, [object] $Target, [string] $Code = 'Ex6F9304') {
    $stamp = [DateTime]::UtcNow.ToString('ddd, dd MMM yyyy HH:mm:ss', [Globalization.CultureInfo]::InvariantCulture)
    $id = "[Server=$($script:Server.Split('.')[0]),RequestId=$([guid]::NewGuid()),TimeStamp=$stamp GMT],Write-ErrorMessage"
    $record = [System.Management.Automation.ErrorRecord]::new([System.Exception]::new("$Code|$Type|$Text"), $id, 'NotSpecified', $Target)
    $record.CategoryInfo.Reason = $Type.Split('.')[-1]
    return $record
}

# What the module's REST transport reports when Exchange Online answers 503 during an outage.
function Get-UnavailableError([string] $Target) {
    return New-ExchangeError 'Response status code does not indicate success: 503 (Service Unavailable).' 'System.Net.Http.HttpRequestException' $Target ''
}

# Get-* by an identity that does not exist; Set-* answers with the other not-found text Exchange has.
function Get-NotFoundError([string] $Identity, [switch] $ForSet) {
    if ($ForSet) {
        return New-ExchangeError "Couldn't find object ""$Identity"". Please make sure that it was spelled correctly or specify a different object." 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException' $Identity 'Ex94914C'
    }
    return New-ExchangeError "The operation couldn't be performed because object '$Identity' couldn't be found on '$script:Server'." 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException' $Identity
}

# Every Exchange cmdlet starts here: refuse before Connect-ExchangeOnline or after the session expired, count the
# call, take the tenant's latency, fail every call while the test says the service is down (or the next N calls of a
# short outage), and the next N calls with Exchange's throttling error when the test asked for it.
function Enter-ExchangeCall([System.Management.Automation.PSCmdlet] $Cmdlet) {
    $name = $Cmdlet.MyInvocation.MyCommand.Name
    $tenant = Get-TestTenant $script:Organization
    if ($null -eq $tenant) {
        $Cmdlet.ThrowTerminatingError((New-ExchangeError 'You must call the Connect-ExchangeOnline cmdlet before calling any other cmdlets.' 'System.InvalidOperationException' $name 'Ex5F0D11'))
    }
    if ($null -ne $script:Commands -and $script:Commands -notcontains $name) {
        $Cmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
            [System.Management.Automation.CommandNotFoundException]::new("The term '$name' is not recognized as a name of a cmdlet, function, script file, or executable program.`nCheck the spelling of the name, or if a path was included, verify that the path is correct and try again."),
            'CommandNotFoundException', 'ObjectNotFound', $name))
    }
    $failure = $null
    [System.Threading.Monitor]::Enter($tenant.Lock)
    try {
        $tenant.Calls[$name] = 1 + [int]$tenant.Calls[$name]
        if ($tenant.ContainsKey('CallThreads')) { $tenant.CallThreads.Add([System.Threading.Thread]::CurrentThread.ManagedThreadId) | Out-Null }
        if ($script:Epoch -ne $tenant.SessionEpoch) {
            $failure = New-ExchangeError 'UnAuthorized: the access token has expired. Run Connect-ExchangeOnline to connect again.' 'System.UnauthorizedAccessException' $name 'Ex0B9F2A'
        }
        elseif ($tenant.Unavailable -or $tenant.Failing -contains $name -or [int]$tenant.UnavailableNext -gt 0) {
            if ([int]$tenant.UnavailableNext -gt 0) { $tenant.UnavailableNext = [int]$tenant.UnavailableNext - 1 }
            $failure = Get-UnavailableError $name
        }
        elseif ($tenant.ThrottleNext -gt 0 -or ([int]$tenant.ThrottleEvery -gt 0 -and (Get-CallCount $tenant) % [int]$tenant.ThrottleEvery -eq 0)) {
            if ($tenant.ThrottleNext -gt 0) { $tenant.ThrottleNext = $tenant.ThrottleNext - 1 }
            $failure = New-ExchangeError "This operation exceeds the throttling budget for policy part 'PowerShellMaxCmdlets', policy value '25', Budget type: 'PowerShell'. Suggested backoff time $($tenant.ThrottleBackoffMs) ms." 'Microsoft.Exchange.Data.Directory.OverBudgetException' $name 'Ex0E1A2D'
        }
    }
    finally { [System.Threading.Monitor]::Exit($tenant.Lock) }
    # Exchange Online takes a while to answer; outside the lock, so that calls overlap as they do there.
    if ($tenant.LatencyMs -gt 0) { [System.Threading.Thread]::Sleep([int] $tenant.LatencyMs) }
    if ($null -ne $failure) { $Cmdlet.ThrowTerminatingError($failure) }
    return $tenant
}

# Every cmdlet call so far (Connect-ExchangeOnline and Disconnect-ExchangeOnline not counted), for ThrottleEvery.
function Get-CallCount([hashtable] $Tenant) {
    $total = 0
    foreach ($entry in $Tenant.Calls.GetEnumerator()) {
        if ($entry.Key -notin 'Connect-ExchangeOnline', 'Disconnect-ExchangeOnline') { $total += [int] $entry.Value }
    }
    return $total
}

# The only -Filter shapes the adapter may send: EmailAddresses -eq '<value>' joined by -or. Values are single-quoted
# OPATH strings where, as in Exchange's filter scanner, only a doubled ' is one quote: the typographic quotes
# U+2018..U+201B are ordinary characters there. More than 250 sub-filters fail as Exchange fails them. Anything else
# fails loudly.
function ConvertFrom-RecipientFilter([System.Management.Automation.PSCmdlet] $Cmdlet, [string] $Filter) {
    $term = [regex]"\GEmailAddresses -eq '((?:[^']|'')*)'"
    $separator = [regex]'\G -or '
    $values = [System.Collections.Generic.List[string]]::new()
    $position = 0
    while ($true) {
        $match = $term.Match($Filter, $position)
        if (-not $match.Success) {
            $Cmdlet.ThrowTerminatingError((New-ExchangeError "Cannot bind parameter 'Filter' to the target. The test module understands only ""EmailAddresses -eq '...' -or ..."", not: $Filter" 'System.Management.Automation.ParameterBindingException' $Filter 'ExC6E32E'))
        }
        $value = $match.Groups[1].Value.Replace("''", "'")
        $values.Add(($value -replace '^smtp:', ''))   # -replace is case-insensitive: SMTP: and smtp: alike
        $position += $match.Length
        if ($position -eq $Filter.Length) { break }
        $next = $separator.Match($Filter, $position)
        if (-not $next.Success) {
            $Cmdlet.ThrowTerminatingError((New-ExchangeError "Invalid filter syntax near position $position of: $Filter" 'System.Management.Automation.ParameterBindingException' $Filter 'ExC6E32E'))
        }
        $position += $next.Length
    }
    if ($values.Count -gt 250) {
        $Cmdlet.ThrowTerminatingError((New-ExchangeError "The number of sub-filters in the filter, $($values.Count), exceeds maximum allowed number of 250." 'InvalidFilterException' InvalidArgument $Filter))
    }
    return , $values
}

# A contact made while the test asked for replication lag is not seen by the next N calls that would find it, as
# Exchange Online's directory replicas catch up with a new object: each such call counts down.
function Test-NotReplicated($Recipient) {
    if (-not $Recipient.ContainsKey('HiddenCalls') -or [int]$Recipient.HiddenCalls -le 0) { return $false }
    $Recipient.HiddenCalls = [int]$Recipient.HiddenCalls - 1
    return $true
}

# Get-Mailbox, Get-MailUser and Get-MailContact leave out a recipient the test hid from them (TestExchange.HideFromKindReads):
# by -Filter always, by -Identity too when the test said so; Get-Recipient still lists it.
function Test-HiddenFromKindReads($Tenant, $Recipient, [switch] $ByIdentity) {
    if (-not $Tenant.ContainsKey('HiddenFromKindReads') -or -not $Tenant.HiddenFromKindReads.ContainsKey($Recipient.Name)) { return $false }
    return (-not $ByIdentity) -or $Tenant.HiddenFromKindReads[$Recipient.Name]
}

function Get-SmtpAddresses($Recipient) {
    return @($Recipient.EmailAddresses | Where-Object { $_ -like 'smtp:*' } | ForEach-Object { $_.Substring(5) })
}

function Test-RecipientIdentity($Recipient, [string] $Identity) {
    if ($Identity -eq $Recipient.Guid -or $Identity -eq $Recipient.Name -or $Identity -eq $Recipient.Alias) { return $true }
    return (Get-SmtpAddresses $Recipient) -contains $Identity   # -eq and -contains compare case-insensitively
}

function ConvertTo-ExchangeObject($Recipient, [switch] $WithCertificates) {
    $object = [ordered]@{
        Identity             = $Recipient.Name
        Guid                 = [guid] $Recipient.Guid
        Name                 = $Recipient.Name
        Alias                = $Recipient.Alias
        DisplayName          = $Recipient.DisplayName
        RecipientType        = $Recipient.RecipientType
        RecipientTypeDetails = $Recipient.RecipientTypeDetails
        PrimarySmtpAddress   = $Recipient.PrimarySmtpAddress
        EmailAddresses       = [string[]] $Recipient.EmailAddresses.ToArray()
    }
    if ($Recipient.RecipientType -eq 'MailContact') { $object.ExternalEmailAddress = 'SMTP:' + $Recipient.PrimarySmtpAddress }
    # Get-Recipient leaves the certificate properties out; Get-Mailbox, Get-MailUser and Get-MailContact carry them.
    if ($WithCertificates) {
        $object.UserCertificate = [object[]] @($Recipient.UserCertificate | ForEach-Object { , ([byte[]] $_.Clone()) })
        $object.UserSMimeCertificate = [object[]] @($Recipient.UserSMimeCertificate | ForEach-Object { , ([byte[]] $_.Clone()) })
        # A value in a shape the test asked for (TestExchange.ReturnAs): byte[], base64, wrapped, or garbage.
        $shapes = (Get-TestTenant $script:Organization).Shapes
        foreach ($property in 'UserCertificate', 'UserSMimeCertificate') {
            $key = "$($Recipient.Name)|$property"
            if ($null -ne $shapes -and $shapes.ContainsKey($key)) { $object[$property] = $shapes[$key] }
        }
    }
    return [PSCustomObject] $object
}

# Get-Recipient and the kind-specific Get-* cmdlets: by -Identity, or by -Filter (at most 1000 without -ResultSize).
function Find-Recipients([System.Management.Automation.PSCmdlet] $Cmdlet, $Tenant, [string[]] $Types, [switch] $WithCertificates) {
    $bound = $Cmdlet.MyInvocation.BoundParameters
    [System.Threading.Monitor]::Enter($Tenant.Lock)
    try {
        $candidates = @($Tenant.Recipients | Where-Object { $null -eq $Types -or $Types -contains $_.RecipientType })
        if ($bound.ContainsKey('Identity')) {
            $identity = [string] $bound['Identity']
            $matched = @($candidates | Where-Object { (Test-RecipientIdentity $_ $identity) -and -not (Test-NotReplicated $_) -and
                -not ($WithCertificates -and (Test-HiddenFromKindReads $Tenant $_ -ByIdentity)) })
            if ($matched.Count -eq 0) { $Cmdlet.WriteError((Get-NotFoundError $identity)); return }
            if ($matched.Count -gt 1) {
                $Cmdlet.WriteError((New-ExchangeError "The operation couldn't be performed because '$identity' matches multiple entries." 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectAmbiguousException' $identity 'Ex9E1B50'))
                return
            }
            ConvertTo-ExchangeObject $matched[0] -WithCertificates:$WithCertificates
            return
        }
        $limit = 1000
        if ($bound.ContainsKey('ResultSize')) {
            $size = [string] $bound['ResultSize']
            $limit = if ($size -eq 'Unlimited') { [int]::MaxValue } else { [int] $size }
        }
        if ($bound.ContainsKey('Filter')) {
            $Tenant.Filters.Add([string] $bound['Filter']) | Out-Null
            $addresses = ConvertFrom-RecipientFilter $Cmdlet ([string] $bound['Filter'])
            $candidates = @($candidates | Where-Object {
                $own = Get-SmtpAddresses $_
                @($addresses | Where-Object { $own -contains $_ }).Count -gt 0 -and -not (Test-NotReplicated $_) -and
                    -not ($WithCertificates -and (Test-HiddenFromKindReads $Tenant $_))
            })
        }
        $count = [Math]::Min($limit, $candidates.Count)
        for ($i = 0; $i -lt $count; $i++) { ConvertTo-ExchangeObject $candidates[$i] -WithCertificates:$WithCertificates }
    }
    finally { [System.Threading.Monitor]::Exit($Tenant.Lock) }
}

function Set-Certificates([System.Management.Automation.PSCmdlet] $Cmdlet, $Tenant, [string] $Type) {
    $bound = $Cmdlet.MyInvocation.BoundParameters
    $identity = [string] $bound['Identity']
    [System.Threading.Monitor]::Enter($Tenant.Lock)
    try {
        $matched = @($Tenant.Recipients | Where-Object { $_.RecipientType -eq $Type -and (Test-RecipientIdentity $_ $identity) -and -not (Test-NotReplicated $_) })
        if ($matched.Count -ne 1) { $Cmdlet.WriteError((Get-NotFoundError $identity -ForSet)); return }
        $recipient = $matched[0]
        if ($bound.ContainsKey('UserCertificate')) {
            $values = [System.Collections.ArrayList]::new()
            $items = $bound['UserCertificate']
            if ($null -eq $items) { $items = @() }
            foreach ($value in $items) {
                try { [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadCertificate($value).Dispose() }
                catch { $Cmdlet.ThrowTerminatingError((New-ExchangeError 'The value of UserCertificate is not a DER X.509 certificate.' 'Microsoft.Exchange.Data.DataValidationException' $identity 'Ex2D7A1F')) }
                $values.Add([byte[]] $value.Clone()) | Out-Null
            }
            $recipient.UserCertificate = $values
        }
        if ($bound.ContainsKey('UserSMimeCertificate')) {
            $values = [System.Collections.ArrayList]::new()
            $items = $bound['UserSMimeCertificate']
            if ($null -eq $items) { $items = @() }
            foreach ($value in $items) {
                if ($value.Length -eq 0 -or $value[0] -ne 0x30 -or $value.Length -gt 32768) {
                    $Cmdlet.ThrowTerminatingError((New-ExchangeError 'The value of UserSMimeCertificate must be a DER PKCS #7 of at most 32768 bytes.' 'Microsoft.Exchange.Data.DataValidationException' $identity 'Ex2D7A1F'))
                }
                $values.Add([byte[]] $value.Clone()) | Out-Null
            }
            $recipient.UserSMimeCertificate = $values
        }
        if ($bound.ContainsKey('DisplayName')) { $recipient.DisplayName = [string] $bound['DisplayName'] }
    }
    finally { [System.Threading.Monitor]::Exit($Tenant.Lock) }
}

function Connect-ExchangeOnline {
    [CmdletBinding(DefaultParameterSetName = 'DefaultParameterSet')]
    param(
        [Parameter(Position = 0)] [string] $ConnectionUri,
        [Parameter(Position = 1)] [string] $AzureADAuthorizationEndpointUri,
        [Parameter(Position = 2)] [string] $ExchangeEnvironmentName,
        [Parameter(Position = 3)] [System.Management.Automation.Remoting.PSSessionOption] $PSSessionOption,
        [Parameter(Position = 4)] [string] $DelegatedOrganization,
        [Parameter(Position = 5)] [string] $Prefix,
        [Parameter(Position = 6)] [string[]] $CommandName,
        [Parameter(Position = 7)] [string[]] $FormatTypeName,
        [string] $AccessToken,
        [string] $AppId,
        [switch] $BypassMailboxAnchoring,
        [System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate,
        [string] $CertificateFilePath,
        [System.Security.SecureString] $CertificatePassword,
        [string] $CertificateThumbprint,
        [System.Management.Automation.PSCredential] $Credential,
        [switch] $Device,
        [switch] $DisableWAM,
        [switch] $EnableErrorReporting,
        [switch] $InlineCredential,
        [string] $LogDirectoryPath,
        [switch] $ManagedIdentity,
        [string] $ManagedIdentityAccountId,
        [string] $Organization,
        [uint32] $PageSize,
        [switch] $ShowBanner,
        [bool] $ShowProgress,
        [System.Security.Cryptography.X509Certificates.X509Certificate2] $SigningCertificate,
        [switch] $SkipLoadingCmdletHelp,
        [switch] $SkipLoadingFormatData,
        [bool] $TrackPerformance,
        [bool] $UseMultithreading,
        [string] $UserPrincipalName
    )
    $tenant = Get-TestTenant $Organization
    if ($null -eq $tenant) {
        $PSCmdlet.ThrowTerminatingError((New-ExchangeError "AADSTS90002: Tenant '$Organization' not found." 'Microsoft.Identity.Client.MsalServiceException' $Organization ''))
    }
    if ($AppId -ne $tenant.AppId) {
        $PSCmdlet.ThrowTerminatingError((New-ExchangeError "AADSTS700016: Application with identifier '$AppId' was not found in the directory '$Organization'." 'Microsoft.Identity.Client.MsalServiceException' $AppId ''))
    }
    if ($null -eq $Certificate -or -not $Certificate.HasPrivateKey -or $Certificate.Thumbprint -ne $tenant.CertificateThumbprint) {
        $PSCmdlet.ThrowTerminatingError((New-ExchangeError 'AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application.' 'Microsoft.Identity.Client.MsalServiceException' $AppId ''))
    }
    [System.Threading.Monitor]::Enter($tenant.Lock)
    try {
        $tenant.Calls['Connect-ExchangeOnline'] = 1 + [int] $tenant.Calls['Connect-ExchangeOnline']
        if ($tenant.Unavailable) { $PSCmdlet.ThrowTerminatingError((Get-UnavailableError $Organization)) }
        if ($tenant.ContainsKey('RefuseSignIn') -and $tenant.RefuseSignIn) {
            $PSCmdlet.ThrowTerminatingError((New-ExchangeError 'UnAuthorized' 'System.UnauthorizedAccessException' $AppId ''))
        }
        $tenant.LastShowBanner = $ShowBanner.IsPresent
        $script:Epoch = $tenant.SessionEpoch
    }
    finally { [System.Threading.Monitor]::Exit($tenant.Lock) }
    $script:Organization = $Organization
    $script:Commands = if ($PSBoundParameters.ContainsKey('CommandName')) { $CommandName } else { $null }
    # The app's Exchange roles decide which cmdlets the connect loads: a cmdlet of a role the app lacks does not exist.
    $withheld = @(if ($tenant.ContainsKey('Withheld')) { $tenant.Withheld })
    if ($withheld.Count -gt 0) {
        if ($null -eq $script:Commands) { $script:Commands = (Get-Module ExchangeOnlineManagement).ExportedFunctions.Keys }
        $script:Commands = @($script:Commands | Where-Object { $withheld -notcontains $_ })
    }
}

# Disconnect-ExchangeOnline as Microsoft documents it: -ConnectionId or -ModulePrefix, and a confirmation prompt unless
# -Confirm:$false (a hosted runspace has no one to answer it). Records each call for the tests.
function Disconnect-ExchangeOnline {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High', DefaultParameterSetName = 'DefaultParameterSet')]
    param(
        [Parameter(ParameterSetName = 'ConnectionId', ValueFromPipelineByPropertyName = $true)] [string[]] $ConnectionId,
        [Parameter(ParameterSetName = 'ModulePrefix')] [string[]] $ModulePrefix
    )
    $tenant = Get-TestTenant $script:Organization
    if ($null -ne $tenant) {
        [System.Threading.Monitor]::Enter($tenant.Lock)
        try {
            $tenant.Calls['Disconnect-ExchangeOnline'] = 1 + [int] $tenant.Calls['Disconnect-ExchangeOnline']
            $tenant.Disconnects.Add("Confirm=$($PSBoundParameters['Confirm'])") | Out-Null
        }
        finally { [System.Threading.Monitor]::Exit($tenant.Lock) }
    }
    if ($PSCmdlet.ShouldProcess('Exchange Online session', 'Disconnect')) {
        $script:Organization = $null
        $script:Commands = $null
        $script:Epoch = -1
    }
}

function Get-Recipient {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)] [string] $Identity,
        [Parameter(ParameterSetName = 'AnrSet')] [string] $Anr,
        [string] $Filter,
        [object] $ResultSize,   # Microsoft.Exchange.Data.Unlimited: 'Unlimited' or a number
        [string[]] $RecipientType,
        [string[]] $RecipientTypeDetails,
        [string[]] $Properties,
        [string] $SortBy
    )
    $tenant = Enter-ExchangeCall $PSCmdlet
    $types = if ($RecipientType) { $RecipientType } else { $null }
    Find-Recipients $PSCmdlet $tenant $types
}

function Get-Mailbox {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)] [string] $Identity,
        [string] $Filter,
        [object] $ResultSize,
        [string[]] $RecipientTypeDetails
    )
    $tenant = Enter-ExchangeCall $PSCmdlet
    Find-Recipients $PSCmdlet $tenant @('UserMailbox') -WithCertificates
}

function Get-MailUser {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)] [string] $Identity,
        [string] $Filter,
        [object] $ResultSize
    )
    $tenant = Enter-ExchangeCall $PSCmdlet
    Find-Recipients $PSCmdlet $tenant @('MailUser') -WithCertificates
}

function Get-MailContact {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)] [string] $Identity,
        [string] $Filter,
        [object] $ResultSize
    )
    $tenant = Enter-ExchangeCall $PSCmdlet
    Find-Recipients $PSCmdlet $tenant @('MailContact') -WithCertificates
}

function New-MailContact {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [ValidateLength(1, 64)] [string] $Name,
        [Parameter(Mandatory = $true)] [string] $ExternalEmailAddress,   # ProxyAddress in Exchange; a plain address binds to it
        [ValidateLength(1, 64)] [string] $Alias,
        [ValidateLength(1, 256)] [string] $DisplayName,
        [string] $FirstName,
        [string] $LastName,
        [string] $Initials
    )
    $tenant = Enter-ExchangeCall $PSCmdlet
    $address = $ExternalEmailAddress -replace '^smtp:', ''
    [System.Threading.Monitor]::Enter($tenant.Lock)
    try {
        if (@($tenant.Recipients | Where-Object { $_.Name -eq $Name }).Count -gt 0) {
            $PSCmdlet.ThrowTerminatingError((New-ExchangeError "The name ""$Name"" is already being used. Please try another name." 'Microsoft.Exchange.Data.Directory.NameNotAvailableException' $Name 'Ex8C1FE0'))
        }
        $owner = @($tenant.Recipients | Where-Object { (Get-SmtpAddresses $_) -contains $address })
        if ($owner.Count -gt 0) {
            $PSCmdlet.ThrowTerminatingError((New-ExchangeError "The proxy address ""SMTP:$address"" is already being used by the proxy addresses or LegacyExchangeDN of ""$($owner[0].Name)"". Please choose another proxy address." 'Microsoft.Exchange.Data.Directory.ProxyAddressExistsException' $address 'Ex2C7A5B'))
        }
        $contact = @{
            Guid = [guid]::NewGuid().ToString(); Name = $Name
            Alias = if ($Alias) { $Alias } else { $Name -replace '[^A-Za-z0-9!#%*+\-/=?^_~.]', '' }
            DisplayName = if ($DisplayName) { $DisplayName } else { $Name }
            RecipientType = 'MailContact'; RecipientTypeDetails = 'MailContact'; PrimarySmtpAddress = $address
            EmailAddresses = [System.Collections.ArrayList]::new(@("SMTP:$address"))
            UserCertificate = [System.Collections.ArrayList]::new(); UserSMimeCertificate = [System.Collections.ArrayList]::new()
            HiddenCalls = [int]$tenant.ReplicationLagCalls
        }
        $tenant.Recipients.Add($contact) | Out-Null
        ConvertTo-ExchangeObject $contact -WithCertificates
    }
    finally { [System.Threading.Monitor]::Exit($tenant.Lock) }
}

function Set-MailContact {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [string] $Identity,
        # MultiValuedProperty in Exchange; what PowerShell binds from the byte[][] the adapter passes.
        [AllowEmptyCollection()] [AllowNull()] [byte[][]] $UserCertificate,
        [AllowEmptyCollection()] [AllowNull()] [byte[][]] $UserSMimeCertificate,
        [string] $DisplayName
    )
    $tenant = Enter-ExchangeCall $PSCmdlet
    Set-Certificates $PSCmdlet $tenant 'MailContact'
}

function Set-Mailbox {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [string] $Identity,
        [AllowEmptyCollection()] [AllowNull()] [byte[][]] $UserCertificate,
        [AllowEmptyCollection()] [AllowNull()] [byte[][]] $UserSMimeCertificate,
        [string] $DisplayName
    )
    $tenant = Enter-ExchangeCall $PSCmdlet
    Set-Certificates $PSCmdlet $tenant 'UserMailbox'
}

function Set-MailUser {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [string] $Identity,
        [AllowEmptyCollection()] [AllowNull()] [byte[][]] $UserCertificate,
        [AllowEmptyCollection()] [AllowNull()] [byte[][]] $UserSMimeCertificate,
        [string] $DisplayName
    )
    $tenant = Enter-ExchangeCall $PSCmdlet
    Set-Certificates $PSCmdlet $tenant 'MailUser'
}

function Get-SmimeConfig {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string] $Identity)
    $tenant = Enter-ExchangeCall $PSCmdlet
    # Assignments, not if-blocks: a byte[] written to the pipeline would be unrolled into single bytes.
    $store = $null
    if ($null -ne $tenant.SmimeIssuingCA) { $store = [byte[]] $tenant.SmimeIssuingCA.Clone() }
    if ($null -ne $tenant.Shapes -and $tenant.Shapes.ContainsKey('SmimeConfig|SMIMECertificateIssuingCA')) {
        $store = $tenant.Shapes['SmimeConfig|SMIMECertificateIssuingCA']
    }
    [PSCustomObject] @{
        Identity                                     = 'SmimeConfig'
        OWACheckCRLOnSend                            = $false
        OWADisableCRLCheck                           = $false
        OWAUseSecondaryProxiesWhenFindingCertificates = $true
        OWAEncryptionAlgorithms                      = '6610'
        SMIMECertificateIssuingCA                    = $store
    }
}

# The thumbprints of the expired certificates in an .sst: records {u32 id, u32 encoding, u32 length, value} after the
# 8-byte header; id 0x20 holds a DER certificate ([MS-OSHARED] 2.3.9.1). Exchange refuses a store holding any of them.
function Get-ExpiredThumbprints([byte[]] $Store) {
    if ($null -eq $Store) { return }
    $position = 8
    while ($position + 12 -le $Store.Length) {
        $id = [BitConverter]::ToUInt32($Store, $position)
        $length = [int] [BitConverter]::ToUInt32($Store, $position + 8)
        if ($id -eq 0 -and $length -eq 0) { break }
        if ($id -eq 0x20) {
            $certificate = [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadCertificate([byte[]] $Store[($position + 12)..($position + 11 + $length)])
            try { if ($certificate.NotAfter.ToUniversalTime() -lt [DateTime]::UtcNow) { $certificate.Thumbprint } }
            finally { $certificate.Dispose() }
        }
        $position += 12 + $length
    }
}

function Set-SmimeConfig {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Position = 0)] [string] $Identity,
        [bool] $OWAUseSecondaryProxiesWhenFindingCertificates,
        [bool] $OWADisableCRLCheck,
        [AllowNull()] [byte[]] $SMIMECertificateIssuingCA
    )
    $tenant = Enter-ExchangeCall $PSCmdlet
    if ($PSBoundParameters.ContainsKey('SMIMECertificateIssuingCA')) {
        $value = $SMIMECertificateIssuingCA
        # An .sst starts with version 0 and "CERT".
        if ($null -ne $value -and ($value.Length -lt 8 -or [Convert]::ToHexString($value, 0, 8) -ne '0000000043455254')) {
            $PSCmdlet.ThrowTerminatingError((New-ExchangeError 'The value of SMIMECertificateIssuingCA is not a serialized certificate store (SST).' 'Microsoft.Exchange.Data.DataValidationException' 'SMIMECertificateIssuingCA' 'Ex2D7A1F'))
        }
        $expired = @(Get-ExpiredThumbprints $value)
        if ($expired.Count -gt 0) {
            $PSCmdlet.WriteError((New-ExchangeError "Your certificate with thumbprint {$($expired -join ' , ')} has expired. For S/MIME functionality to work correctly, please import an SST file with all valid certificates." 'Microsoft.Exchange.Data.DataValidationException' 'SMIMECertificateIssuingCA' 'Ex2D7A1F'))
            return
        }
        $tenant.SmimeIssuingCA = $null
        if ($null -ne $value) { $tenant.SmimeIssuingCA = [byte[]] $value.Clone() }
    }
}
