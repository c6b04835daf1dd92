//! The wrk scripts of the API's figures: refused strings, tracked requests,
//! sign-ins.

use tessera_shared::TokenString;
use tessera_tests::DEMO_PASSWORD;

/// A string of the right shape whose checksum does not match.
pub(super) fn with_bad_checksum(valid: &str) -> String {
    let mut broken = valid.to_owned();
    let last = broken.pop().expect("a token string");
    broken.push(if last == '2' { '3' } else { '2' });
    assert!(
        TokenString::parse(&broken).is_err(),
        "the checksum catches it"
    );
    broken
}

/// A script sending `authorization` from a new client address each time:
/// the refused routes measure what one refusal costs, with the failed
/// authentication counted by the rate limit (R16) but never reaching it,
/// as for the many clients a deployment serves.
pub(super) fn refused_script(
    folder: &std::path::Path,
    name: &str,
    authorization: &str,
) -> std::path::PathBuf {
    let script = folder.join(format!("{name}.lua"));
    std::fs::write(
        &script,
        format!(
            "wrk.headers[\"Authorization\"] = \"{authorization}\"\n\
             local sent = 0\n\
             request = function()\n\
             \x20 sent = sent + 1\n\
             \x20 wrk.headers[\"CF-Connecting-IP\"] = string.format(\"10.%d.%d.%d\", \
             math.floor(sent / 65536) % 256, math.floor(sent / 256) % 256, sent % 256)\n\
             \x20 return wrk.format()\n\
             end\n"
        ),
    )
    .expect("the script is written");
    script
}

/// A script sending `authorization` with a fresh `X-Request-Id` each time
/// and appending the id of every request answered 200 (the API echoes it)
/// to `answered`: the requests whose AUTHENTICATE entries must all exist.
/// The floors send the same header through the same script, so that wrk's
/// own work per request is alike on both sides of each ratio. Every request
/// comes from loopback, as the runtime sees it (`CF-Connecting-IP`), which
/// the allowlisted token's list names last.
pub(super) fn tracked_script(
    folder: &std::path::Path,
    name: &str,
    authorization: &str,
    answered: &std::path::Path,
) -> std::path::PathBuf {
    let script = folder.join(format!("{name}.lua"));
    std::fs::write(
        &script,
        format!(
            "wrk.headers[\"Authorization\"] = \"{authorization}\"\n\
             wrk.headers[\"CF-Connecting-IP\"] = \"127.0.0.1\"\n\
             local sent, prefix, answered = 0, nil, nil\n\
             init = function(args)\n\
             \x20 prefix = \"bench-\" .. os.time() .. \"-\" .. string.sub(tostring({{}}), 8) .. \"-\"\n\
             \x20 answered = io.open(\"{file}\", \"a\")\n\
             \x20 answered:setvbuf(\"line\")\n\
             end\n\
             request = function()\n\
             \x20 sent = sent + 1\n\
             \x20 wrk.headers[\"X-Request-Id\"] = prefix .. sent\n\
             \x20 return wrk.format()\n\
             end\n\
             response = function(status, headers, body)\n\
             \x20 local id = headers[\"x-request-id\"] or headers[\"X-Request-Id\"]\n\
             \x20 if status == 200 and id then answered:write(id, \"\\n\") end\n\
             end\n",
            file = answered.display()
        ),
    )
    .expect("the script is written");
    script
}

pub(super) fn sign_in_script(folder: &std::path::Path) -> std::path::PathBuf {
    let script = folder.join("sign-in.lua");
    let body = serde_json::json!({ "email": "alice@demo.example", "password": DEMO_PASSWORD });
    std::fs::write(
        &script,
        format!(
            "wrk.method = \"POST\"\nwrk.body = '{body}'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
        ),
    )
    .expect("the sign-in script is written");
    script
}
