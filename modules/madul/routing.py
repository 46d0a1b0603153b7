"""e-Madul's keyword defaults: what each agency handles, in the words citizens use for it.

These hold until an admin edits a category's keywords (Admin > Kata kunci rute); the engine
(``suite.ticketing.routing``) compares them by root, so one form of a word covers its family
("kebakaran" also finds "terbakar"). Written from each agency's duties, not from any test text.
"""

from __future__ import annotations


def _keywords(text: str) -> list[str]:
    """Keywords separated by commas; a phrase may run over a line break."""
    return [" ".join(keyword.split()) for keyword in text.split(",") if keyword.strip()]


# One line of keywords per agency, separated by commas; phrases are kept whole.
KEYWORDS: dict[str, list[str]] = {
    "population": _keywords(
        """
        ktp, e-ktp, ektp, ktp elektronik, kartu tanda penduduk, kartu keluarga, kk, akta, akta kelahiran,
        akta kematian, akta perkawinan, akta cerai, kia, kartu identitas anak, nik, dukcapil, disdukcapil,
        dispendukcapil, dispenduk, kependudukan, perekaman, rekam ktp, blangko, blanko, domisili, surat
        pindah, pindah datang, biodata, adminduk, tanggal lahir, status perkawinan, kewarganegaraan
        """
    ),
    "waste": _keywords(
        """
        sampah, tps, tpa, tps3r, limbah, pencemaran, polusi, bau busuk, bau, asap, pembuangan, buang sampah,
        bakar sampah, truk sampah, tong sampah, bank sampah, petugas kebersihan, penyapu jalan, lingkungan
        hidup, dlh, lalat, penebangan pohon, pohon ditebang, ruang terbuka hijau, rth, debu
        """
    ),
    "public_order": _keywords(
        """
        pkl, pedagang kaki lima, kaki lima, lapak, trotoar, ketertiban, satpol pp, satpol, pol pp, miras,
        minuman keras, mabuk, arak, reklame, baliho, spanduk, poster, pengemis, gelandangan, gepeng, anak
        jalanan, anak punk, pengamen, karaoke, tempat hiburan, hiburan malam, prostitusi, psk, judi,
        perjudian, sabung ayam, petasan, bangunan liar, berisik, sound horeg, biliar, balap liar
        """
    ),
    "permits": _keywords(
        """
        izin, perizinan, imb, pbg, nib, oss, siup, izin usaha, izin praktik, izin lokasi, izin reklame, izin
        gangguan, slf, sertifikat laik fungsi, laik fungsi, dpmptsp, ptsp, mal pelayanan publik, mpp,
        retribusi pbg
        """
    ),
    "education": _keywords(
        """
        sekolah, sd, sdn, smp, smpn, tk, paud, guru, murid, siswa, pelajar, kelas, ppdb, spmb, zonasi,
        ijazah, rapor, seragam, lks, buku paket, dana bos, pip, kip, beasiswa, kepala sekolah, pendidikan,
        disdik, dinas pendidikan, belajar, mengajar, ujian, study tour, tahun ajaran, wali murid, komite
        sekolah, uang gedung, perundungan, bully
        """
    ),
    "social_aid": _keywords(
        """
        bansos, bantuan sosial, bantuan, pkh, bpnt, blt, sembako, kartu sembako, dtks, dtsen, kis pbi, pbi,
        miskin, warga miskin, keluarga miskin, rastra, raskin, beras bantuan, dinsos, dinas sosial, lansia,
        terlantar, disabilitas, yatim, yatim piatu, janda, e-warong, pendamping pkh, kursi roda, sktm, tidak
        mampu, jompo
        """
    ),
    "transport": _keywords(
        """
        angkot, angkutan, angkutan umum, parkir, juru parkir, jukir, tarif parkir, karcis parkir, lalu
        lintas, traffic light, lampu lalu lintas, lampu merah, apill, rambu, marka, zebra cross, terminal,
        bus, bis, dishub, perhubungan, macet, kemacetan, uji kir, kir, odol, muatan berlebih, truk, pju,
        lampu jalan, penerangan jalan, polisi tidur, halte, penyeberangan, jembatan timbang, kendaraan
        """
    ),
    "housing": _keywords(
        """
        rtlh, rumah tidak layak huni, tidak layak huni, bedah rumah, perumahan, permukiman, kumuh, kawasan
        kumuh, pengembang, developer, fasum, fasos, psu, rumah subsidi, sanitasi, jamban, mck, septic tank,
        pamsimas, air minum, drainase, selokan, got, makam, pemakaman, tpu, disperkim
        """
    ),
    "disaster": _keywords(
        """
        bencana, banjir, longsor, tanah longsor, kebakaran, api, damkar, pemadam kebakaran, puting beliung,
        angin kencang, pohon tumbang, tumbang, gempa, tsunami, abrasi, rob, tanggul jebol, jebol,
        kekeringan, krisis air, droping air, kiriman air, mengungsi, pengungsi, evakuasi, bpbd, tanah retak,
        retakan tanah
        """
    ),
    "misconduct": _keywords(
        """
        pungli, pungutan liar, pungutan, suap, sogok, calo, gratifikasi, korupsi, uang pelicin, uang rokok,
        uang terima kasih, amplop, minta uang, dimintai uang, potongan, oknum, kasar, membentak, tidak
        ramah, bolos, mangkir, ngantor, asn, pns, pegawai, aparatur, nepotisme, kkn, inspektorat, mobil
        dinas, penyalahgunaan, jam kerja, netralitas
        """
    ),
    "public_information": _keywords(
        """
        informasi, informasi publik, keterbukaan informasi, ppid, permohonan informasi, salinan, dokumen,
        minta data, data publik, website, situs, laman, web, hoaks, hoax, berita bohong, klarifikasi, wifi,
        kominfo, diskominfo, aplikasi, media sosial, medsos, pengumuman, siaran, radio, apbd, transparansi,
        papan informasi
        """
    ),
}
