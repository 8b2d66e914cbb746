//! Reproducible zips: entries in byte order of their paths, every timestamp the DOS epoch
//! (1980-01-01 00:00, the earliest a zip can hold; SF v3 asks for 1970, which zips store the
//! same way), modes 0644, or 0755 when the owner may execute the file, deflate at the
//! default level. Same files in, same bytes out.

use std::io::{Cursor, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Zips `files` (relative `/` paths under `root`) into memory.
pub fn zip_files(root: &Path, files: &[String]) -> Result<Vec<u8>, String> {
    let mut sorted: Vec<&String> = files.iter().collect();
    sorted.sort();
    sorted.dedup();
    let mut entries = Vec::with_capacity(sorted.len());
    for rel in sorted {
        let path = root.join(rel);
        let data = std::fs::read(&path).map_err(|e| format!("cannot read {rel}: {e}"))?;
        entries.push((rel.as_str(), data, mode(&path)));
    }
    zip_entries(
        entries
            .iter()
            .map(|(rel, data, mode)| (*rel, data.as_slice(), *mode)),
    )
}

/// Zips in-memory `(path, bytes, mode)` entries, in the order given (callers sort them).
pub fn zip_entries<'a>(
    entries: impl IntoIterator<Item = (&'a str, &'a [u8], u32)>,
) -> Result<Vec<u8>, String> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (rel, data, mode) in entries {
        let opts = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::default())
            .unix_permissions(mode)
            .large_file(data.len() >= u32::MAX as usize);
        w.start_file(rel, opts)
            .map_err(|e| format!("cannot add {rel} to the zip: {e}"))?;
        w.write_all(data)
            .map_err(|e| format!("cannot add {rel} to the zip: {e}"))?;
    }
    w.finish()
        .map(Cursor::into_inner)
        .map_err(|e| format!("cannot finish the zip: {e}"))
}

/// 0755 when the owner may execute the file, else 0644.
fn mode(path: &Path) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o100 != 0) {
            return 0o755;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    0o644
}

#[cfg(test)]
mod tests {
    use super::zip_files;
    use std::io::Read;

    #[test]
    fn same_files_same_bytes_and_modes_kept() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("b.js"), "b").unwrap();
        std::fs::write(d.path().join("a.sh"), "#!/bin/sh").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let p = d.path().join("a.sh");
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o775)).unwrap();
        }
        let files = vec!["b.js".to_string(), "a.sh".to_string()];
        let one = zip_files(d.path(), &files).unwrap();
        // same content, another mtime
        let b_js = d.path().join("b.js");
        let first_mtime = std::fs::metadata(&b_js).unwrap().modified().unwrap();
        std::fs::write(&b_js, "b").unwrap();
        let later = first_mtime + std::time::Duration::from_secs(3600);
        let file = std::fs::File::options().write(true).open(&b_js).unwrap();
        file.set_modified(later).unwrap();
        drop(file);
        assert_eq!(std::fs::metadata(&b_js).unwrap().modified().unwrap(), later);
        let two = zip_files(d.path(), &files).unwrap();
        assert_eq!(one, two);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(one)).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        assert_eq!(names, vec!["a.sh", "b.js"]);
        let a = archive.by_name("a.sh").unwrap();
        #[cfg(unix)]
        assert_eq!(a.unix_mode().map(|m| m & 0o777), Some(0o755));
        drop(a);
        let mut b = archive.by_name("b.js").unwrap();
        assert_eq!(b.unix_mode().map(|m| m & 0o777), Some(0o644));
        let mut text = String::new();
        b.read_to_string(&mut text).unwrap();
        assert_eq!(text, "b");
    }

    #[test]
    fn different_content_different_bytes() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("a.js"), "1").unwrap();
        let one = zip_files(d.path(), &["a.js".into()]).unwrap();
        std::fs::write(d.path().join("a.js"), "2").unwrap();
        assert_ne!(one, zip_files(d.path(), &["a.js".into()]).unwrap());
    }
}
