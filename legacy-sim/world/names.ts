import type { Random } from './random';
import type { WorldReligion, WorldSex } from './types';

// Math is bound once per module: global lookups are slow inside jest's vm sandbox, and these run millions of times.
const { max } = Math;

/**
 * Indonesian personal names for the synthetic population. Indonesia has no single naming system:
 * many Javanese have one name, Batak and Minahasan names end with a clan name (marga / fam),
 * Chinese-Indonesian families often keep an Indonesianised surname (Wijaya, Halim...), Balinese
 * names encode the birth order (Wayan, Made, Nyoman, Ketut) and fashions change by generation
 * (Sutarman and Suparmi were born in the 1950s, Keisha and Arkan after 2010). The generator picks
 * an ethnicity per lineage and a name style per birth year so that the names look like a real
 * KK of Tangerang Selatan. Names are mixed case, 1 to 3 words; emulators apply their own casing.
 */
export type Ethnicity =
  | 'JAVANESE' | 'SUNDANESE' | 'BETAWI' | 'MINANG' | 'MANDAILING' | 'OTHER_MUSLIM'
  | 'BATAK_TOBA' | 'MANADO' | 'AMBON' | 'FLORES' | 'CHINESE' | 'BALINESE';

/** Birth cohorts whose naming fashions differ. */
export type Era = 'OLD' | 'MID' | 'YOUNG';

export function eraOf(birthYear: number): Era {
  if (birthYear < 1965) return 'OLD';
  if (birthYear < 1995) return 'MID';
  return 'YOUNG';
}

interface Pool {
  male: readonly string[];
  female: readonly string[];
}

type ByEra = Record<Era, Pool>;

/** Arabic-origin given names shared by Muslims of every ethnicity, by generation. */
const MUSLIM_GIVEN: ByEra = {
  OLD: {
    male: ['Ahmad', 'Abdul', 'Muhammad', 'Hasan', 'Husein', 'Ismail', 'Yusuf', 'Sulaiman', 'Abdullah', 'Zainal', 'Syamsul', 'Nurdin', 'Mansyur', 'Usman', 'Amir', 'Hamid', 'Rahmat', 'Jamal', 'Saleh', 'Idris', 'Mahmud', 'Ilyas', 'Anwar', 'Syarif', 'Kamal', 'Ridwan', 'Harun', 'Zakaria', 'Iskandar', 'Basri', 'Umar', 'Ali', 'Djamaludin', 'Sofyan', 'Yunus'],
    female: ['Siti', 'Aminah', 'Fatimah', 'Khadijah', 'Maryam', 'Halimah', 'Rohani', 'Zubaidah', 'Aisyah', 'Salamah', 'Rukiah', 'Hasanah', 'Maemunah', 'Syarifah', 'Zainab', 'Nurhayati', 'Rahmah', 'Hafsah', 'Saodah', 'Nafisah', 'Rohimah', 'Jamilah', 'Zaleha', 'Nur', 'Asiah'],
  },
  MID: {
    male: ['Ahmad', 'Muhammad', 'Agus', 'Andi', 'Ari', 'Arif', 'Budi', 'Dedi', 'Dian', 'Doni', 'Fajar', 'Ferry', 'Hendra', 'Heri', 'Irfan', 'Iwan', 'Rudi', 'Rizal', 'Taufik', 'Wahyu', 'Yudi', 'Fauzi', 'Hadi', 'Hendri', 'Indra', 'Rian', 'Bayu', 'Dani', 'Erwin', 'Firman', 'Gilang', 'Ilham', 'Imam', 'Irwan', 'Lukman', 'Nanang', 'Rizki', 'Roni', 'Sandi', 'Teguh', 'Wawan', 'Yoga', 'Zulkifli', 'Aditya', 'Fikri', 'Hafiz', 'Reza', 'Fadli', 'Faisal', 'Hidayat', 'Ikhsan', 'Jaka', 'Kurnia', 'Maulana', 'Nur', 'Rahmat', 'Ramdan', 'Ridho', 'Syaiful', 'Yusuf', 'Zainal', 'Aziz', 'Anton', 'Benny', 'Robby'],
    female: ['Siti', 'Nur', 'Ani', 'Dewi', 'Dian', 'Eka', 'Evi', 'Fitri', 'Indah', 'Intan', 'Lia', 'Lina', 'Lusi', 'Maya', 'Mega', 'Nia', 'Novi', 'Nurul', 'Putri', 'Ratna', 'Rina', 'Rini', 'Risma', 'Sari', 'Tari', 'Tika', 'Yanti', 'Yuli', 'Yuni', 'Wulan', 'Ayu', 'Desi', 'Eni', 'Fitria', 'Hesti', 'Ika', 'Irma', 'Leni', 'Ratih', 'Reni', 'Rika', 'Santi', 'Sinta', 'Susi', 'Vina', 'Winda', 'Anisa', 'Diah', 'Erna', 'Fatma', 'Nining', 'Nova', 'Rahma', 'Wida', 'Yulia', 'Zahra', 'Lilis', 'Mira', 'Tuti', 'Umi'],
  },
  YOUNG: {
    male: ['Muhammad', 'Ahmad', 'Rizky', 'Aditya', 'Fadhil', 'Alif', 'Arkan', 'Azka', 'Farhan', 'Raffi', 'Rafa', 'Zidan', 'Naufal', 'Fathir', 'Daffa', 'Haikal', 'Keenan', 'Kenzo', 'Abizar', 'Arsyad', 'Dzaky', 'Akbar', 'Bima', 'Fahri', 'Ghani', 'Hafidz', 'Ibrahim', 'Ilham', 'Kevin', 'Raka', 'Reza', 'Satria', 'Yusuf', 'Zaky', 'Athar', 'Alvaro', 'Arga', 'Elvano', 'Gibran', 'Rayyan', 'Fauzan', 'Hanif', 'Irsyad', 'Malik', 'Nabil', 'Rasya', 'Syauqi', 'Umar', 'Zayn', 'Attar', 'Azriel', 'Barra', 'Dafa', 'Emir', 'Fariz', 'Hamzah', 'Ihsan', 'Rehan', 'Rifqi', 'Wildan'],
    female: ['Aisyah', 'Nabila', 'Putri', 'Zahra', 'Keisha', 'Alya', 'Nayla', 'Syifa', 'Azzahra', 'Khanza', 'Salsabila', 'Kirana', 'Anindya', 'Adinda', 'Aqila', 'Annisa', 'Aulia', 'Cahaya', 'Dinda', 'Hana', 'Humaira', 'Inara', 'Jihan', 'Kayla', 'Naura', 'Nadia', 'Nasywa', 'Rania', 'Safira', 'Shakila', 'Tiara', 'Zaskia', 'Zivana', 'Alesha', 'Almira', 'Arsyila', 'Azalea', 'Felisha', 'Qirani', 'Fatimah', 'Hafsah', 'Khadijah', 'Maryam', 'Nafisa', 'Raisa', 'Sabrina', 'Syakira', 'Yasmin', 'Zalfa', 'Amira', 'Balqis', 'Citra', 'Fadhila', 'Ghina', 'Izzati', 'Laila', 'Mutiara', 'Najwa', 'Rahma', 'Sekar'],
  },
};

/** Local names of each Muslim ethnicity: the whole name of many older people, a first name for younger ones. */
const TRADITIONAL: Record<'JAVANESE' | 'SUNDANESE' | 'BETAWI' | 'MINANG' | 'OTHER_MUSLIM', Pool> = {
  JAVANESE: {
    male: ['Sutarman', 'Sugiyono', 'Suparman', 'Slamet', 'Sukirno', 'Paiman', 'Tukiman', 'Sarimin', 'Wagiman', 'Sumarno', 'Suratno', 'Parjo', 'Karno', 'Darmo', 'Sukardi', 'Suwarno', 'Sudarto', 'Bambang', 'Sugeng', 'Joko', 'Mulyono', 'Widodo', 'Harjono', 'Supriyadi', 'Sutrisno', 'Sunarto', 'Haryanto', 'Suyanto', 'Eko', 'Dwi', 'Tri', 'Heru', 'Sigit', 'Gatot', 'Wisnu', 'Bagus', 'Catur', 'Purwanto', 'Sukamto', 'Wahyudi', 'Puji', 'Hartono', 'Priyo', 'Kusno', 'Edi', 'Sri', 'Budi', 'Hari', 'Teguh', 'Yanto'],
    female: ['Suparmi', 'Sumarni', 'Sukinah', 'Tukinem', 'Painem', 'Sarinah', 'Wartini', 'Sumiati', 'Suyatmi', 'Sri', 'Endang', 'Sulastri', 'Mujiati', 'Tumini', 'Karsinah', 'Ngatini', 'Juminten', 'Suharti', 'Sutini', 'Wagiyem', 'Poniyem', 'Tri', 'Yatmi', 'Sumiyati', 'Retno', 'Ratih', 'Wulan', 'Dwi', 'Eka', 'Ayu', 'Sekar', 'Puji', 'Rini', 'Anik', 'Wiwik', 'Ningsih', 'Kurniasih', 'Rahayu', 'Lestari', 'Sunarsih', 'Tutik', 'Sumarsih', 'Warsini', 'Yuniarti', 'Astuti', 'Winarti', 'Darmi', 'Kasiyem', 'Partini'],
  },
  SUNDANESE: {
    male: ['Asep', 'Dadang', 'Ujang', 'Cecep', 'Deden', 'Dede', 'Encep', 'Jajang', 'Aep', 'Iwan', 'Wawan', 'Yayan', 'Ade', 'Dodi', 'Endang', 'Mamat', 'Ucup', 'Dadan', 'Engkus', 'Oman', 'Udin', 'Dudung', 'Hendi', 'Ikhsan', 'Galih', 'Yana', 'Dedi', 'Maman', 'Rohmat', 'Atep', 'Eman', 'Jaja', 'Entis', 'Acep', 'Ayi', 'Deni', 'Kusnadi', 'Nandang', 'Ujang', 'Yusup'],
    female: ['Euis', 'Neng', 'Enok', 'Imas', 'Iis', 'Cucu', 'Eneng', 'Lilis', 'Entin', 'Yati', 'Nining', 'Dedeh', 'Kokom', 'Elis', 'Tati', 'Nenden', 'Rina', 'Ai', 'Yuyun', 'Nunung', 'Ela', 'Popon', 'Cicih', 'Iin', 'Wiwin', 'Nani', 'Ikah', 'Titin', 'Eti', 'Oneng', 'Ani', 'Enung', 'Imas', 'Yuli', 'Ijah', 'Kiki', 'Ocih', 'Teti', 'Nurhayati', 'Rohayati'],
  },
  BETAWI: {
    male: ['Mamat', 'Rojali', 'Sanip', 'Udin', 'Rohim', 'Zainudin', 'Saipul', 'Jamaludin', 'Mansur', 'Sabeni', 'Mahmud', 'Muhidin', 'Sarmili', 'Sueb', 'Rojak', 'Nasrudin', 'Bahrudin', 'Samsudin', 'Jaelani', 'Haris', 'Romli', 'Mursid', 'Sahroni', 'Sarbini', 'Syafii', 'Matsani', 'Muhasan', 'Jaenal', 'Rahmat', 'Naman', 'Bachtiar', 'Marzuki', 'Abdul', 'Kosim', 'Saman', 'Sapri'],
    female: ['Juleha', 'Mimin', 'Munah', 'Saodah', 'Maemunah', 'Rohaya', 'Siti', 'Nur', 'Mariam', 'Salmah', 'Romlah', 'Fatmah', 'Zaenab', 'Aminah', 'Masnah', 'Rohani', 'Halimah', 'Jubaedah', 'Suryani', 'Atun', 'Munaroh', 'Hasanah', 'Rohmah', 'Nuraini', 'Imah', 'Sanah', 'Mursinah', 'Romsiah', 'Jenab', 'Marfuah', 'Zulaeha', 'Nurlela'],
  },
  MINANG: {
    male: ['Afrizal', 'Zulkifli', 'Yusrizal', 'Syafrizal', 'Jasman', 'Darmawan', 'Erizal', 'Hendri', 'Nofrizal', 'Yurnalis', 'Dasril', 'Zulhendri', 'Irwandi', 'Rizaldi', 'Fadli', 'Hafiz', 'Taufik', 'Masrul', 'Syafri', 'Yulizar', 'Arman', 'Asril', 'Zulfikar', 'Rusli', 'Buyung', 'Nasrul', 'Jonizar', 'Azwar'],
    female: ['Yulinar', 'Nurlela', 'Syafrida', 'Elfi', 'Yusnimar', 'Rosmaini', 'Desmawati', 'Nofia', 'Yelmi', 'Rahmi', 'Yusra', 'Mardiana', 'Afni', 'Nelly', 'Hasnah', 'Zulfa', 'Rosna', 'Yarni', 'Elvi', 'Syamsidar', 'Yusniar', 'Fitrianis', 'Roslaini', 'Nurhasni', 'Erma', 'Ratnawilis'],
  },
  OTHER_MUSLIM: {
    male: ['Andi', 'Baharuddin', 'Syahrul', 'Firdaus', 'Rusdi', 'Hamzah', 'Saifuddin', 'Amiruddin', 'Rahman', 'Samsul', 'Ilyas', 'Makmur', 'Nasir', 'Zulkarnain', 'Arifin', 'Darwis', 'Ruslan', 'Alimuddin', 'Syamsuddin', 'Kamaruddin', 'Jufri', 'Ramli', 'Herman', 'Muhlis'],
    female: ['Nurhayati', 'Rosmiati', 'Hasnah', 'Nurbaya', 'Rahmawati', 'Nurjannah', 'Syamsiah', 'Halimah', 'Rosdiana', 'Megawati', 'Murni', 'Hasmawati', 'Kasmawati', 'Nuraeni', 'Sitti', 'Hamsinah', 'Darmawati', 'Ernawati', 'Fatmawati', 'Suriani', 'Rusmini', 'Wahidah'],
  },
};

/** Names with no religious or regional flavour, common among children of the 2000s and later. */
const MODERN_NEUTRAL: Pool = {
  male: ['Bagas', 'Galih', 'Danendra', 'Bima', 'Satria', 'Arya', 'Raditya', 'Jagad', 'Prabu', 'Bayu', 'Dimas', 'Yoga', 'Rangga', 'Rafi', 'Dewangga', 'Adhitama', 'Abimanyu', 'Pandu', 'Gading', 'Langit', 'Aksara', 'Bumi', 'Damar', 'Kalandra', 'Narendra'],
  female: ['Kirana', 'Anindita', 'Sekar', 'Laras', 'Ayu', 'Gendis', 'Wulan', 'Rara', 'Larasati', 'Kinanti', 'Citra', 'Dara', 'Galuh', 'Nayaka', 'Pelangi', 'Senja', 'Anjani', 'Kanaya', 'Kamila', 'Btari', 'Maheswari', 'Naraya', 'Ranum', 'Tanaya', 'Alina'],
};

/** Common last words ("nama belakang"); sons sometimes carry their father's. */
const SECOND_NAMES: Record<'GENERAL' | 'JAVANESE' | 'SUNDANESE' | 'BETAWI' | 'MINANG', Pool> = {
  GENERAL: {
    male: ['Santoso', 'Setiawan', 'Saputra', 'Pratama', 'Hidayat', 'Kurniawan', 'Nugroho', 'Wibowo', 'Gunawan', 'Susanto', 'Firmansyah', 'Hermawan', 'Prasetyo', 'Ramadhan', 'Maulana', 'Syahputra', 'Permana', 'Hakim', 'Fauzi', 'Rahman', 'Hidayatullah', 'Kusuma', 'Wijaya', 'Purnomo', 'Suryadi', 'Fadillah', 'Iskandar', 'Nurdin', 'Utomo', 'Hartono', 'Budiman', 'Sutrisno', 'Ardiansyah', 'Akbar', 'Alfarizi', 'Hamzah', 'Anwar', 'Darmawan', 'Irawan', 'Mulyadi', 'Sofyan', 'Saifullah', 'Pamungkas', 'Nugraha', 'Wirawan', 'Adiputra', 'Febrianto', 'Kurniadi', 'Rizaldi', 'Effendi'],
    female: ['Lestari', 'Rahmawati', 'Wulandari', 'Handayani', 'Kusumawati', 'Puspitasari', 'Anggraini', 'Safitri', 'Maharani', 'Purnamasari', 'Utami', 'Permatasari', 'Susanti', 'Oktaviani', 'Fitriani', 'Wahyuni', 'Yuliani', 'Novitasari', 'Amelia', 'Rahayu', 'Septiani', 'Ramadhani', 'Nurjanah', 'Hasanah', 'Aprilia', 'Agustina', 'Kartika', 'Pertiwi', 'Ningsih', 'Astuti', 'Hidayah', 'Khoirunnisa', 'Azzahra', 'Nuraini', 'Marlina', 'Suryani', 'Febriani', 'Rachmawati', 'Damayanti', 'Setiawati', 'Wardhani', 'Anjani', 'Salsabila', 'Andriani', 'Mulyani'],
  },
  JAVANESE: {
    male: ['Santoso', 'Setiawan', 'Nugroho', 'Wibowo', 'Prasetyo', 'Susanto', 'Purnomo', 'Utomo', 'Wicaksono', 'Hartono', 'Sulistyo', 'Suryadi', 'Widodo', 'Susilo', 'Raharjo', 'Cahyono', 'Sasongko', 'Prabowo', 'Kuncoro', 'Saputro', 'Pamungkas', 'Nugroho', 'Budiono', 'Wiyono', 'Hadiwijoyo', 'Priyambodo', 'Sugiharto', 'Wardoyo'],
    female: ['Lestari', 'Wulandari', 'Handayani', 'Kusumawati', 'Rahayu', 'Astuti', 'Ningsih', 'Setyaningsih', 'Pertiwi', 'Utami', 'Sulistyowati', 'Widyastuti', 'Purwaningsih', 'Rahmawati', 'Wahyuningsih', 'Sulistyaningrum', 'Kusumaningrum', 'Puspitasari', 'Hastuti', 'Rejeki', 'Indrawati', 'Susilowati'],
  },
  SUNDANESE: {
    male: ['Suhendar', 'Sukmana', 'Hidayat', 'Permana', 'Setiadi', 'Sudrajat', 'Gunawan', 'Kusnadi', 'Supriatna', 'Rustandi', 'Mulyana', 'Nugraha', 'Ruhiyat', 'Suryana', 'Saputra', 'Hermawan', 'Rukmana', 'Kurniawan', 'Firmansyah', 'Somantri', 'Sumpena', 'Gumilar', 'Wiguna', 'Kusumah', 'Sukandar', 'Rahmat'],
    female: ['Nurhayati', 'Rohayati', 'Kurniasih', 'Sumiati', 'Rosmiati', 'Komalasari', 'Nurjanah', 'Sulastri', 'Yuliani', 'Marliani', 'Nurhasanah', 'Kartika', 'Hidayati', 'Rahmawati', 'Kusmiati', 'Nurlaela', 'Suhartini', 'Herawati', 'Mulyati', 'Sopiah', 'Juariah', 'Cahyati'],
  },
  BETAWI: {
    male: ['Hasan', 'Syarif', 'Hasanudin', 'Mansur', 'Jaya', 'Saputra', 'Hidayat', 'Hamdani', 'Ramdani', 'Sanusi', 'Fauzi', 'Rohman', 'Effendi', 'Rahmat', 'Hakim', 'Hamid', 'Marzuki', 'Sobari', 'Abdillah', 'Sulaiman', 'Nawawi', 'Jaelani', 'Syahroni', 'Muhidin'],
    female: ['Hasanah', 'Nuraini', 'Rohmah', 'Jubaedah', 'Fitriani', 'Maesaroh', 'Nurhasanah', 'Rahmawati', 'Aminah', 'Zulaikha', 'Mariam', 'Rosidah', 'Sholihah', 'Khairunnisa', 'Rohayati', 'Maisaroh', 'Nurjanah', 'Halimah', 'Safitri'],
  },
  MINANG: {
    male: ['Putra', 'Syahputra', 'Chaniago', 'Piliang', 'Tanjung', 'Sikumbang', 'Koto', 'Jambak', 'Yusuf', 'Hamdani', 'Syafri', 'Rahman', 'Akbar', 'Caniago', 'Malin', 'Sutan', 'Rajo', 'Basa'],
    female: ['Putri', 'Yanti', 'Wati', 'Sari', 'Fitri', 'Rahmi', 'Yulianti', 'Novita', 'Yusnita', 'Handayani', 'Ramadhani', 'Syafitri', 'Maharani', 'Anggraini'],
  },
};

/** Batak clan names (marga). Mandailing and Angkola margas are mostly Muslim, Toba ones Christian. */
export const MARGA_MANDAILING: readonly string[] = ['Nasution', 'Lubis', 'Siregar', 'Hasibuan', 'Harahap', 'Daulay', 'Batubara', 'Pulungan', 'Rangkuti', 'Dalimunthe', 'Ritonga', 'Matondang', 'Parinduri', 'Hutasuhut', 'Rambe', 'Tanjung', 'Pohan', 'Nasution', 'Lubis', 'Harahap'];
export const MARGA_TOBA: readonly string[] = ['Simanjuntak', 'Situmorang', 'Hutagalung', 'Sitompul', 'Panjaitan', 'Simatupang', 'Sihombing', 'Manurung', 'Siahaan', 'Nainggolan', 'Pardede', 'Silalahi', 'Sinaga', 'Tambunan', 'Pasaribu', 'Sitorus', 'Hutapea', 'Simbolon', 'Sianturi', 'Marpaung', 'Napitupulu', 'Tampubolon', 'Gultom', 'Lumbantobing', 'Hutabarat', 'Siagian', 'Simamora', 'Sihotang', 'Purba', 'Damanik', 'Saragih', 'Ginting', 'Sembiring', 'Tarigan', 'Sitepu', 'Pakpahan', 'Harianja', 'Aritonang', 'Situmeang', 'Siregar', 'Hasibuan', 'Nababan', 'Samosir', 'Sinambela', 'Butarbutar'];

const BATAK_GIVEN: ByEra = {
  OLD: {
    male: ['Maruli', 'Parlindungan', 'Hotman', 'Togar', 'Binsar', 'Sahat', 'Martua', 'Bonar', 'Pardamean', 'Tumpal', 'Hasudungan', 'Marihot', 'Posma', 'Mangatas', 'Lamhot', 'Jamaludin', 'Robinson', 'Hiskia', 'Julius', 'Henok'],
    female: ['Rosmawati', 'Tiurma', 'Rumiris', 'Lasma', 'Rosita', 'Tiominar', 'Dormauli', 'Romauli', 'Sondang', 'Rotua', 'Nurmaida', 'Tiurlan', 'Rosdiana', 'Hotmaida', 'Lamria', 'Nurcahaya', 'Rospita', 'Tetty', 'Mesrawati', 'Mindo'],
  },
  MID: {
    male: ['Jhonson', 'Robert', 'Daniel', 'Samuel', 'Andreas', 'Ronald', 'Hendrik', 'Benny', 'Ferdinand', 'Rudolf', 'Jonggi', 'Maruli', 'Parulian', 'Hotma', 'Sahala', 'Tigor', 'Erwin', 'Fernando', 'Freddy', 'Herbert', 'Jefri', 'Manahan', 'Poltak', 'Rikson', 'Rinaldi', 'Sarbet'],
    female: ['Friska', 'Debora', 'Lidya', 'Ruth', 'Yohana', 'Maria', 'Marta', 'Ester', 'Kristina', 'Sarah', 'Agnes', 'Rosmauli', 'Tiur', 'Sondang', 'Lasmaria', 'Nelly', 'Rumondang', 'Juliana', 'Herlina', 'Megawati', 'Novita', 'Roslina', 'Sri', 'Tiarma'],
  },
  YOUNG: {
    male: ['Kevin', 'Jonathan', 'Christian', 'Gabriel', 'Immanuel', 'Nathanael', 'Jose', 'Yosua', 'Daniel', 'Michael', 'Samuel', 'Elkana', 'Josia', 'Timothy', 'Abraham', 'Joshua', 'Rafael', 'Kristoper', 'Leonardo', 'Marcel'],
    female: ['Grace', 'Gabriella', 'Clara', 'Natalia', 'Yemima', 'Kezia', 'Michelle', 'Angelina', 'Cindy', 'Nadya', 'Christine', 'Elisabeth', 'Jessica', 'Priskila', 'Tabita', 'Rebecca', 'Felicia', 'Olivia', 'Sharon', 'Naomi'],
  },
};

/** Baptismal and biblical names used by Christians of every ethnicity. */
const CHRISTIAN_GIVEN: Pool = {
  male: ['Yohanes', 'Petrus', 'Paulus', 'Andreas', 'Stefanus', 'Yosef', 'Markus', 'Lukas', 'Matius', 'Thomas', 'Filipus', 'Daniel', 'David', 'Samuel', 'Timotius', 'Yakobus', 'Antonius', 'Fransiskus', 'Agustinus', 'Benediktus', 'Robertus', 'Kristian', 'Gabriel', 'Michael', 'Nathan', 'Yosua', 'Ignatius', 'Vincentius', 'Albertus', 'Bartolomeus'],
  female: ['Maria', 'Theresia', 'Agnes', 'Elisabeth', 'Veronika', 'Yohana', 'Lidia', 'Magdalena', 'Monika', 'Katarina', 'Christina', 'Angela', 'Clara', 'Cecilia', 'Natalia', 'Debora', 'Ester', 'Ruth', 'Priskila', 'Yemima', 'Grace', 'Bernadeta', 'Fransiska', 'Margaretha', 'Anastasia', 'Yuliana'],
};

const MANADO: { given: Pool; surnames: readonly string[] } = {
  given: {
    male: ['Johny', 'Frans', 'Herman', 'Jefry', 'Roy', 'Stevanus', 'Ferdy', 'Max', 'Alfrits', 'Hendrik', 'Yance', 'Decky', 'Jemmy', 'Recky', 'Fanly', 'Marthen', 'Olly', 'Rivo', 'Jeremy', 'Kevin', 'Christo', 'Gideon', 'Novry', 'Steven', 'Rolly', 'Meiky'],
    female: ['Meity', 'Lenny', 'Femmy', 'Vivi', 'Shinta', 'Nova', 'Jeanne', 'Deisy', 'Sandra', 'Lily', 'Vonny', 'Ivonne', 'Grace', 'Stevi', 'Christy', 'Jessica', 'Angel', 'Natalia', 'Tesalonika', 'Priscilla', 'Marlien', 'Olvie', 'Feibe', 'Jein'],
  },
  surnames: ['Wenas', 'Sumual', 'Rumondor', 'Lumintang', 'Mandagi', 'Pangemanan', 'Tumbelaka', 'Rondonuwu', 'Supit', 'Walangitan', 'Lasut', 'Sondakh', 'Kaunang', 'Mamahit', 'Tambayong', 'Worang', 'Rompas', 'Tangkilisan', 'Runtuwene', 'Karundeng', 'Mangindaan', 'Wowor', 'Pelealu', 'Pinontoan', 'Lumenta', 'Kalalo', 'Sumampouw', 'Tumewu', 'Ratulangi', 'Lengkong'],
};

const AMBON: { given: Pool; surnames: readonly string[] } = {
  given: {
    male: ['Yopie', 'Johanis', 'Semuel', 'Hengky', 'Marthin', 'Alex', 'Piet', 'Jacob', 'Dominggus', 'Frederik', 'Ricky', 'Glenn', 'Nicky', 'Melky', 'Yosias', 'Charles', 'Otto', 'Ronny'],
    female: ['Elisabeth', 'Magdalena', 'Yuliana', 'Josina', 'Christina', 'Welmince', 'Novita', 'Febby', 'Meilany', 'Merry', 'Agustina', 'Sarlota', 'Ivone', 'Hana', 'Yolanda', 'Marthina', 'Fransina', 'Leony'],
  },
  surnames: ['Pattiasina', 'Latumahina', 'Siahaya', 'Tuhumury', 'Pattinama', 'Manuhutu', 'Tehupeiory', 'Leimena', 'Sahetapy', 'Pattiradjawane', 'Matulessy', 'Sapulette', 'Wattimena', 'Hehanussa', 'Souisa', 'Tahapary', 'Lewerissa', 'Picauly', 'Huwae', 'Nanlohy'],
};

const FLORES_SURNAMES: readonly string[] = ['Fernandez', 'Pareira', 'Kelen', 'Koten', 'Tukan', 'Sogen', 'Lamanepa', 'Manek', 'Seran', 'Bria', 'Ndoen', 'Wangge', 'Rangga', 'Djawa', 'Bata', 'Making', 'Soge', 'Tifa', 'Nong', 'Gego'];

const CHINESE: { given: ByEra; surnames: readonly string[] } = {
  given: {
    OLD: {
      male: ['Hartono', 'Budi', 'Agus', 'Hendra', 'Gunawan', 'Sutanto', 'Hadi', 'Tedy', 'Rudy', 'Johan', 'Anton', 'Haryanto', 'Setiadi', 'Kusno', 'Djohan', 'Hendrik', 'Herman', 'Sugianto', 'Tjahjono', 'Wibowo'],
      female: ['Lily', 'Susanti', 'Lanny', 'Linda', 'Mei', 'Lina', 'Yenny', 'Liana', 'Fenny', 'Ernawati', 'Dewi', 'Rosalina', 'Herlina', 'Lanniwati', 'Lisa', 'Magdalena', 'Lili', 'Sulastri', 'Mariani', 'Inge'],
    },
    MID: {
      male: ['Hendra', 'Andi', 'Wilson', 'Yohan', 'Steven', 'Ricky', 'Hengky', 'Johnny', 'Ferry', 'Irwan', 'Sandy', 'William', 'Herman', 'Darwin', 'Willy', 'Edwin', 'Felix', 'Kevin', 'Stefanus', 'Jimmy', 'Erick', 'Hans', 'Robin', 'Andy', 'Tony', 'Suwandi'],
      female: ['Susanti', 'Linda', 'Yenny', 'Lanny', 'Fenny', 'Meliana', 'Sherly', 'Lusiana', 'Cynthia', 'Vera', 'Wendy', 'Natalia', 'Stefanie', 'Melinda', 'Novita', 'Jessica', 'Angela', 'Monica', 'Sisca', 'Juliana', 'Irene', 'Lanny', 'Meiliana', 'Yuliana'],
    },
    YOUNG: {
      male: ['Kevin', 'Jason', 'Nathan', 'Vincent', 'Ryan', 'Jonathan', 'Brandon', 'Felix', 'Evan', 'Justin', 'Ethan', 'Darren', 'Bryan', 'Calvin', 'Marvel', 'Aaron', 'Nicholas', 'Edward', 'Hansen', 'Jayden', 'Matthew', 'Gerald', 'Kenneth', 'Davin'],
      female: ['Jessica', 'Stefanie', 'Michelle', 'Clarissa', 'Cindy', 'Jennifer', 'Vanessa', 'Felicia', 'Angeline', 'Patricia', 'Valencia', 'Evelyn', 'Gracia', 'Olivia', 'Catherine', 'Natasha', 'Audrey', 'Vania', 'Chelsea', 'Celine', 'Amanda', 'Jovita', 'Nathania', 'Kimberly'],
    },
  },
  surnames: ['Wijaya', 'Tanoto', 'Halim', 'Gunawan', 'Salim', 'Tanuwidjaja', 'Kusuma', 'Santoso', 'Hartono', 'Setiadi', 'Sutanto', 'Gozali', 'Tjandra', 'Widjaja', 'Lukito', 'Hadiwijaya', 'Chandra', 'Susanto', 'Limanto', 'Tanjaya', 'Lim', 'Tan', 'Ong', 'Liem', 'Oei', 'Kurniawan', 'Sugianto', 'Tjahjadi', 'Winata', 'Lesmana', 'Wibisono', 'Tanujaya', 'Budiman', 'Kosasih', 'Sanjaya', 'Hermanto', 'Angkasa', 'Tedja', 'Gunadi', 'Husin'],
};

/** Hokkien names as older Confucian and Buddhist Chinese-Indonesians still carry them: Tan Hok Liang. */
const HOKKIEN_SURNAMES: readonly string[] = ['Tan', 'Lim', 'Oei', 'Liem', 'Ong', 'Kwee', 'Tjia', 'The', 'Go', 'Kho', 'Tjoa', 'Lie', 'Goh', 'Ang', 'Sie', 'Njoo', 'Phang'];
const HOKKIEN_SYLLABLES: Pool = {
  male: ['Hok', 'Swie', 'Kiem', 'Tjoen', 'Liang', 'Hong', 'Kian', 'Bing', 'Gwan', 'Tiong', 'Hwa', 'Eng', 'Kok', 'Seng', 'Tjing', 'Djin', 'Siong', 'Boen', 'Kong', 'Han'],
  female: ['Lan', 'Hoa', 'Nio', 'Mei', 'Giok', 'Bwee', 'Kiem', 'Lie', 'Swan', 'Hwa', 'Ing', 'Tjoe', 'Sien', 'Yin', 'Hong', 'Lien'],
};

/** Balinese birth-order names; the fifth child starts the cycle again. */
const BALINESE_ORDER: readonly (readonly string[])[] = [
  ['Wayan', 'Putu', 'Gede'],
  ['Made', 'Kadek', 'Nengah'],
  ['Nyoman', 'Komang'],
  ['Ketut'],
];
const BALINESE_GIVEN: Pool = {
  male: ['Sudirta', 'Suarjana', 'Sudiarta', 'Artawan', 'Mertayasa', 'Sukadana', 'Widiana', 'Parwata', 'Darmawan', 'Suardana', 'Astawa', 'Budiarta', 'Adnyana', 'Wirawan', 'Sudarsana', 'Yasa', 'Sutama', 'Arya', 'Dharma', 'Agus', 'Eka', 'Surya', 'Wisnu', 'Mahendra', 'Pradnyana', 'Suwirya', 'Sukerta', 'Wiguna', 'Ardana', 'Budiasa'],
  female: ['Sukerti', 'Suartini', 'Ariani', 'Sudiani', 'Sri', 'Wahyuni', 'Sukarmi', 'Ayu', 'Dewi', 'Suryani', 'Astuti', 'Kartini', 'Widiasih', 'Sriasih', 'Puspawati', 'Sumerti', 'Yuliani', 'Kusuma', 'Sari', 'Indrawati', 'Suarni', 'Wartini', 'Mariani', 'Ratnadi', 'Purnami', 'Darmayanti'],
};

export interface NameRequest {
  ethnicity: Ethnicity;
  religion: WorldReligion;
  sex: WorldSex;
  birthYear: number;
  /** Inherited last word (marga, fam, Chinese surname or a father's second name), or null. */
  surname: string | null;
  /** 1-based position among siblings; Balinese names encode it. */
  birthOrder: number;
}

const MUSLIM_ETHNICITIES: ReadonlySet<Ethnicity> = new Set(['JAVANESE', 'SUNDANESE', 'BETAWI', 'MINANG', 'MANDAILING', 'OTHER_MUSLIM']);

function bySex(pool: Pool, sex: WorldSex): readonly string[] {
  return sex === 'MALE' ? pool.male : pool.female;
}

/** Joins words, dropping an accidental repeat ('Agus Agus') and keeping at most three words. */
function join(words: string[]): string {
  const out: string[] = [];
  for (const w of words) if (!out.includes(w)) out.push(w);
  return out.slice(0, 3).join(' ');
}

/** A first name for a Muslim (or Kejawen/Sunda Wiwitan) of this ethnicity and generation. */
function localGiven(rng: Random, ethnicity: Ethnicity, religion: WorldReligion, sex: WorldSex, era: Era): string {
  const traditional = ethnicity === 'MANDAILING' ? null : TRADITIONAL[ethnicity as keyof typeof TRADITIONAL];
  const traditionalShare = era === 'OLD' ? 0.65 : era === 'MID' ? 0.35 : 0.04;
  if (traditional && rng.chance(traditionalShare)) return rng.pick(bySex(traditional, sex));
  if (era === 'YOUNG' && rng.chance(religion === 'ISLAM' ? 0.2 : 0.6)) return rng.pick(bySex(MODERN_NEUTRAL, sex));
  if (religion !== 'ISLAM' && traditional) return rng.pick(bySex(traditional, sex));
  return rng.pick(bySex(MUSLIM_GIVEN[era], sex));
}

function secondName(rng: Random, ethnicity: Ethnicity, sex: WorldSex): string {
  const own = SECOND_NAMES[ethnicity as keyof typeof SECOND_NAMES];
  return rng.pick(bySex(own && rng.chance(0.7) ? own : SECOND_NAMES.GENERAL, sex));
}

function muslimStyleName(rng: Random, req: NameRequest, era: Era): string {
  const { ethnicity, religion, sex, surname } = req;
  const first = localGiven(rng, ethnicity, religion, sex, era);
  if (surname) return join(rng.chance(0.7) ? [first, surname] : [first, localGiven(rng, ethnicity, religion, sex, era), surname]);
  const roll = rng.next();
  const [one, two] = era === 'OLD' ? [0.45, 0.95] : era === 'MID' ? [0.15, 0.8] : [0.03, 0.58];
  if (roll < one) return first;
  if (roll < two) return join([first, rng.chance(0.65) ? secondName(rng, ethnicity, sex) : localGiven(rng, ethnicity, religion, sex, era)]);
  return join([first, localGiven(rng, ethnicity, religion, sex, era), secondName(rng, ethnicity, sex)]);
}

function christianGiven(rng: Random, req: NameRequest, era: Era): string {
  switch (req.ethnicity) {
    case 'BATAK_TOBA':
      return rng.pick(bySex(rng.chance(0.75) ? BATAK_GIVEN[era] : CHRISTIAN_GIVEN, req.sex));
    case 'MANADO':
      return rng.pick(bySex(rng.chance(0.75) ? MANADO.given : CHRISTIAN_GIVEN, req.sex));
    case 'AMBON':
      return rng.pick(bySex(rng.chance(0.75) ? AMBON.given : CHRISTIAN_GIVEN, req.sex));
    case 'CHINESE':
      return rng.pick(bySex(CHINESE.given[era], req.sex));
    default:
      return rng.pick(bySex(CHRISTIAN_GIVEN, req.sex));
  }
}

function chineseName(rng: Random, req: NameRequest, era: Era): string {
  const hokkienShare = era === 'OLD' ? (req.religion === 'CONFUCIAN' ? 0.6 : 0.2) : era === 'MID' && req.religion === 'CONFUCIAN' ? 0.15 : 0;
  if (rng.chance(hokkienShare)) {
    const syllables = bySex(HOKKIEN_SYLLABLES, req.sex);
    const surname = req.surname && HOKKIEN_SURNAMES.includes(req.surname) ? req.surname : rng.pick(HOKKIEN_SURNAMES);
    return join([surname, rng.pick(syllables), rng.pick(syllables)]);
  }
  const first = rng.chance(req.religion === 'CATHOLIC' || req.religion === 'PROTESTANT' ? 0.3 : 0)
    ? rng.pick(bySex(CHRISTIAN_GIVEN, req.sex))
    : rng.pick(bySex(CHINESE.given[era], req.sex));
  const middle = era === 'YOUNG' && rng.chance(0.35) ? [rng.pick(bySex(CHINESE.given[era], req.sex))] : [];
  return join(req.surname ? [first, ...middle, req.surname] : [first, ...middle]);
}

function balineseName(rng: Random, req: NameRequest): string {
  const order = BALINESE_ORDER[(max(1, req.birthOrder) - 1) % BALINESE_ORDER.length] ?? ['Wayan'];
  const orderNames = req.sex === 'FEMALE' ? order.filter((n) => n !== 'Gede') : order;
  return join([req.sex === 'MALE' ? 'I' : 'Ni', rng.pick(orderNames.length > 0 ? orderNames : order), rng.pick(bySex(BALINESE_GIVEN, req.sex))]);
}

/** A full name (1 to 3 words, mixed case) for a person of this background. */
export function personName(rng: Random, req: NameRequest): string {
  const era = eraOf(req.birthYear);
  const { ethnicity, religion } = req;
  if (ethnicity === 'BALINESE') return balineseName(rng, req);
  if (ethnicity === 'CHINESE') return chineseName(rng, req, era);
  if (MUSLIM_ETHNICITIES.has(ethnicity) && religion !== 'PROTESTANT' && religion !== 'CATHOLIC') {
    return muslimStyleName(rng, req, era);
  }
  // Christians: Batak, Minahasan, Ambonese, Florenese, or a Javanese/Sundanese convert whose
  // baptismal name comes first ('Yohanes Budi Santoso').
  const first = christianGiven(rng, req, era);
  if (req.surname) return join(rng.chance(0.65) ? [first, req.surname] : [first, christianGiven(rng, req, era), req.surname]);
  if (MUSLIM_ETHNICITIES.has(ethnicity)) {
    const local = localGiven(rng, ethnicity, 'BELIEF_OR_OTHER', req.sex, era);
    return join(rng.chance(0.5) ? [first, local] : [first, local, secondName(rng, ethnicity, req.sex)]);
  }
  return join([first, christianGiven(rng, req, era)]);
}

/**
 * The family name a new lineage of this ethnicity passes to its children, or null where names
 * are not inherited (most Javanese, Sundanese, Betawi and Balinese families).
 */
export function lineageSurname(rng: Random, ethnicity: Ethnicity, exclude: string | null = null): string | null {
  const pool = ((): readonly string[] | null => {
    switch (ethnicity) {
      case 'MANDAILING': return MARGA_MANDAILING;
      case 'BATAK_TOBA': return MARGA_TOBA;
      case 'MANADO': return MANADO.surnames;
      case 'AMBON': return AMBON.surnames;
      case 'FLORES': return rng.chance(0.7) ? FLORES_SURNAMES : null;
      case 'CHINESE': return rng.chance(0.75) ? CHINESE.surnames : null;
      default: return null;
    }
  })();
  if (!pool) return null;
  // Batak marriages are exogamous: a wife's marga differs from her husband's.
  for (let i = 0; i < 4; i++) {
    const s = rng.pick(pool);
    if (s !== exclude) return s;
  }
  return rng.pick(pool);
}

/** The last word of a name, which is what a son inherits in families that pass a name on. */
export function lastWord(name: string): string | null {
  const space = name.lastIndexOf(' ');
  return space < 0 ? null : name.slice(space + 1);
}

export { birthPlace, localBirthPlace, streetAddress } from './places';
