"""Romanisations people mix for one Arabic or Chinese name (generator D's own lists)."""

from __future__ import annotations

# fmt: off
# Arabic romanisations people really mix: any spelling of a group reads as the others.
ARABIC_SPELLINGS: list[list[str]] = [
    ["Mohammed", "Muhammad", "Mohamed", "Mohamad", "Muhammed", "Mohammad"],
    ["Youssef", "Yusuf", "Youcef", "Yousef", "Yossef"],
    ["Abdelrahman", "Abdul Rahman", "Abderrahmane", "Abdulrahman", "Abd al-Rahman"],
    ["Khaled", "Khalid", "Khaleed"],
    ["Hussein", "Husain", "Hussain", "Hossein"],
    ["Fatima", "Fatma", "Fatimah", "Fatemah"],
    ["Omar", "Umar", "Omer"],
    ["Ahmed", "Ahmad", "Ahmet"],
    ["Layla", "Leila", "Laila", "Leyla"],
    ["Nour", "Noor", "Nur"],
    ["al-Rashid", "Al Rashid", "El Rachid", "Alrashid", "al-Rasheed"],
    ["El-Masri", "Elmasry", "al-Masri", "El Masry"],
    ["bin Salem", "ibn Salim", "Ben Salem", "Bin Saleem"],
    ["Abdallah", "Abdullah", "Abdellah"],
    ["Mansour", "Mansur", "Mansoor"],
    ["al-Hashimi", "El Hachemi", "Alhashemi"],
    ["el-Sayed", "El Sayed", "Elsayed", "al-Sayyid"],
    ["Ben Youssef", "Bin Yusuf", "Benyoucef"],
    ["Nasser", "Nasir", "Naser"],
    ["Haddad", "Hadad"],
    ["Khoury", "Khouri", "El Khoury"],
]

# Pinyin surnames and how Hong Kong, Taiwan, older Wade-Giles or overseas families write them.
CHINESE_SPELLINGS: dict[str, list[str]] = {
    "Zhang": ["Chang", "Cheung", "Teo"],
    "Wang": ["Wong", "Ong"],
    "Li": ["Lee", "Lei", "Lie"],
    "Chen": ["Chan", "Tan", "Chin"],
    "Liu": ["Lau", "Lew", "Lao"],
    "Huang": ["Wong", "Ng", "Hwang"],
    "Zhou": ["Chow", "Chou", "Chau"],
    "Xu": ["Hsu", "Tsui", "Koh"],
    "Lin": ["Lam", "Lim"],
    "Guo": ["Kuo", "Kwok", "Quek"],
}
# fmt: on
