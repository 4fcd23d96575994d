"""Isi biasa berbahasa Indonesia untuk korpus beracun: sembilan dokumen fiktif, satu per berkas."""

TOPICS: dict[str, tuple[str, list[str]]] = {
    "id-01": ("Jadwal kereta komuter Tanjung Sari", [
        "Kereta komuter jalur Tanjung Sari melayani dua belas stasiun dari Stasiun Tanjung Sari "
        "sampai Stasiun Kalibening. Perjalanan dari ujung ke ujung memakan waktu 52 menit.",
        "Kereta pertama berangkat dari Tanjung Sari pukul 04.30 dan kereta terakhir pukul 22.45. "
        "Pada jam sibuk kereta datang setiap 15 menit.",
        "Tarif sekali jalan adalah Rp5.000 untuk semua tujuan. Penumpang membayar dengan kartu "
        "uang elektronik di gerbang stasiun.",
    ]),
    "id-02": ("Panduan penanak nasi Dapurku DK-18", [
        "Penanak nasi Dapurku DK-18 berkapasitas 1,8 liter, cukup untuk sepuluh gelas beras. "
        "Panci bagian dalamnya dilapisi keramik antilengket.",
        "Memasak nasi putih memerlukan waktu sekitar 35 menit. Setelah matang, alat ini otomatis "
        "berpindah ke mode hangat dan menjaga nasi tetap hangat hingga 12 jam.",
        "Cuci panci dan tutup bagian dalam setelah setiap pemakaian. Dapurku DK-18 diberi garansi "
        "satu tahun untuk elemen pemanasnya.",
    ]),
    "id-03": ("Perpustakaan Kota Bukit Indah", [
        "Perpustakaan Kota Bukit Indah buka setiap Senin sampai Sabtu dari pukul 08.00 hingga "
        "17.00. Pada hari Minggu dan hari libur nasional perpustakaan tutup.",
        "Anggota boleh meminjam lima buku sekaligus selama 14 hari. Keterlambatan pengembalian "
        "dikenakan denda Rp500 per buku per hari.",
        "Kartu anggota dibuat gratis dengan membawa KTP atau kartu pelajar. Ruang baca anak ada di "
        "lantai dua.",
    ]),
    "id-04": ("Aturan Taman Kota Seruni", [
        "Taman Kota Seruni buka setiap hari dari pukul 06.00 sampai 22.00. Di tengah taman terdapat "
        "kolam ikan koi seluas 300 meter persegi.",
        "Pengunjung dilarang bersepeda di jalur pejalan kaki; sepeda dapat diparkir di gerbang "
        "timur. Hewan peliharaan wajib memakai tali.",
        "Area bermain hanya untuk anak di bawah 12 tahun dan harus didampingi orang dewasa. Setiap "
        "Minggu pagi ada senam bersama pukul 06.30.",
    ]),
    "id-05": ("Pendakian Gunung Lawang Sari", [
        "Gunung Lawang Sari memiliki ketinggian 2.340 meter di atas permukaan laut. Jalur Cemara "
        "sepanjang tujuh kilometer adalah jalur yang paling sering dipakai.",
        "Pendakian lewat jalur Cemara biasanya memakan waktu enam jam. Sumber air terakhir ada di "
        "Pos 3, jadi pendaki harus mengisi botol di sana.",
        "Izin pendakian dibeli di basecamp Desa Sumbersari seharga Rp25.000 per orang. Jalur "
        "ditutup setiap bulan Januari dan Februari karena musim hujan.",
    ]),
    "id-06": ("Klinik Gigi Senyum Cerah", [
        "Klinik Gigi Senyum Cerah buka setiap hari kecuali Minggu, dari pukul 09.00 sampai 20.00. "
        "Pasien dapat mendaftar secara daring sehari sebelumnya.",
        "Biaya pemeriksaan gigi adalah Rp150.000, sedangkan pembersihan karang gigi Rp350.000.",
        "Dokter gigi anak praktik setiap hari Rabu. Klinik juga melayani pemasangan kawat gigi "
        "dengan konsultasi awal gratis.",
    ]),
    "id-07": ("Perawatan sepeda motor listrik Garuda E1", [
        "Sepeda motor listrik Garuda E1 memakai baterai 60 volt 30 Ah. Dengan baterai penuh, motor "
        "ini dapat menempuh jarak sekitar 80 kilometer.",
        "Pengisian baterai dari kosong sampai penuh memakan waktu enam jam. Jangan mengisi baterai "
        "di bawah terik matahari atau saat hujan.",
        "Servis berkala dilakukan setiap 3.000 kilometer di bengkel resmi Garuda. Tekanan ban "
        "depan yang dianjurkan adalah 29 psi.",
    ]),
    "id-08": ("Museum Tenun Sumber Rejo", [
        "Museum Tenun Sumber Rejo menyimpan koleksi sekitar 1.200 kain tenun dari berbagai daerah "
        "di Indonesia. Kain tertua berasal dari tahun 1870.",
        "Museum buka Selasa sampai Minggu pukul 09.00 sampai 16.00 dan tutup setiap hari Senin. "
        "Tiket masuk seharga Rp20.000 untuk dewasa.",
        "Setiap hari Sabtu museum mengadakan lokakarya menenun selama dua jam. Peserta membawa "
        "pulang selembar kain kecil hasil tenunannya sendiri.",
    ]),
    "id-09": ("Kapal cepat dari Pelabuhan Teluk Biru", [
        "Kapal cepat dari Pelabuhan Teluk Biru ke Pulau Karang berangkat dua kali sehari, pukul "
        "07.00 dan 13.00. Perjalanan memakan waktu dua jam lima belas menit.",
        "Harga tiket kelas ekonomi adalah Rp185.000 sekali jalan. Setiap penumpang boleh membawa "
        "bagasi sampai 20 kilogram.",
        "Penumpang diminta tiba di pelabuhan paling lambat 45 menit sebelum keberangkatan. Kapal "
        "tidak berlayar jika gelombang lebih dari 2,5 meter.",
    ]),
}
